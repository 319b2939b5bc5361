package puente.broker.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import puente.broker.auth.Agent;
import puente.broker.cluster.SessionCode;
import puente.broker.relay.LanePair;
import puente.broker.relay.Link;
import puente.v1.HelperEvent;

/**
 * A session this broker relays, from the helper's registration to its end. Mutable state is guarded
 * by the object's monitor; the {@link SessionService} drives the transitions.
 */
public final class LiveSession {
  /** Where a session is in its life. */
  public enum State {
    /** The code is live; no agent has opened it yet. */
    WAITING,
    /** An agent opened the code; the customer is being asked. */
    CONSENT,
    /** The customer accepted; frames are relayed. */
    ACTIVE,
    /** Over; nothing more is relayed. */
    ENDED
  }

  private final String id;
  private final long ticketId;
  private final SessionCode code;
  private final Registration registration;
  private final String helperTokenHash;
  final AtomicLong bytesToAgent = new AtomicLong();
  final AtomicLong bytesToCustomer = new AtomicLong();

  // Guarded by this.
  private State state = State.WAITING;
  private Link<HelperEvent> helper;
  private Agent opener;
  private Instant startedAt;
  private PendingConsent consent;
  private final Crew crew = new Crew();
  // The control holder's tunnel channels, by channel number: closed whenever control moves.
  private final TunnelLanes lanes = new TunnelLanes();
  // Timeouts that act on this session (consent, attach, control prompt, queue): cancelled when it
  // ends, so that an ended session is not kept in memory until they would have fired.
  private final List<Future<?>> timeouts = new ArrayList<>();
  private ControlPrompt controlPrompt;
  private boolean paused;
  // What the customer allows now; nothing before consent.
  private Grant grant = Grant.none();
  private final QueuePlace queue = new QueuePlace();
  private final RefusalTally refusals = new RefusalTally();
  private final Map<String, Instant> warnedForClosing = new java.util.HashMap<>();

  LiveSession(
      String id,
      long ticketId,
      SessionCode code,
      Registration registration,
      String helperTokenHash) {
    this.id = id;
    this.ticketId = ticketId;
    this.code = code;
    this.registration = registration;
    this.helperTokenHash = helperTokenHash;
  }

  /** The session id (random, unguessable). */
  public String id() {
    return id;
  }

  /** The ticket the session is logged on. */
  public long ticketId() {
    return ticketId;
  }

  /** The code the customer read out. */
  public SessionCode code() {
    return code;
  }

  /** What the helper reported. */
  public Registration registration() {
    return registration;
  }

  String helperTokenHash() {
    return helperTokenHash;
  }

  /** The current state. */
  public synchronized State state() {
    return state;
  }

  synchronized Link<HelperEvent> helper() {
    return helper;
  }

  synchronized void setHelper(Link<HelperEvent> helper) {
    this.helper = helper;
  }

  /** Whether this agent opened the session by its code. */
  synchronized boolean openedBy(Agent agent) {
    return opener != null && opener.id() == agent.id();
  }

  synchronized Instant startedAt() {
    return startedAt;
  }

  synchronized PendingConsent consent() {
    return consent;
  }

  /** Moves WAITING → CONSENT with the prompt sent to the customer. */
  synchronized void askConsent(PendingConsent pending) {
    this.state = State.CONSENT;
    this.opener = pending.requester();
    this.consent = pending;
  }

  /**
   * Takes the pending consent if it is the one answered.
   *
   * @return the consent, or null if it was already answered, timed out or is another prompt
   */
  synchronized PendingConsent takeConsent(String promptId) {
    if (consent == null || !consent.promptId().equals(promptId)) {
      return null;
    }
    PendingConsent taken = consent;
    consent = null;
    return taken;
  }

  /** Moves CONSENT → ACTIVE with what the customer granted. */
  synchronized void activate(Instant at, Grant granted) {
    state = State.ACTIVE;
    startedAt = at;
    grant = granted;
  }

  /**
   * Sends a member's message to the customer if the gate allows it, deciding and sending under the
   * session's lock: a narrowing, pause or removal that the customer made before is never overtaken.
   *
   * @param username the sender
   * @return the gate's verdict; the message was sent only if allowed
   */
  synchronized Gate.Verdict sendToCustomer(Inbound kind, String username, HelperEvent event) {
    Gate.Verdict verdict = check(kind, username);
    if (verdict.allowed() && helper != null) {
      helper.send(event);
    }
    return verdict;
  }

  /**
   * Opens a tunnel channel for a member if the gate allows it: keeps its lanes, tells the holder
   * its lane and sends the open to the customer, all under the session's lock.
   *
   * @return the gate's verdict, or null if the gate allowed it but the channel number is in use or
   *     the session has its maximum of channels (the caller closes the pair)
   */
  synchronized Gate.Verdict openChannel(
      String username, int channel, LanePair pair, int max, Runnable tellHolder, HelperEvent open) {
    Gate.Verdict verdict = check(Inbound.TUNNEL_OPEN, username);
    if (!verdict.allowed()) {
      return verdict;
    }
    if (helper == null || !lanes.add(channel, pair, max, paused)) {
      return null;
    }
    tellHolder.run();
    helper.send(open);
    return verdict;
  }

  synchronized Member member(String username) {
    return crew.member(username);
  }

  synchronized List<Member> members() {
    return crew.members();
  }

  /** Adds a member (see {@link Crew#add}); the session leaves the queue. */
  synchronized void addMember(Member member) {
    crew.add(member, grant);
    queue.setQueuedSince(null);
  }

  /**
   * Removes a member: control held by the leaver returns to the (new) owner, and a control prompt
   * for or by them is dropped.
   */
  synchronized Member removeMember(String username) {
    Member removed = crew.remove(username);
    if (removed == null) {
      return null;
    }
    if (username.equals(crew.holder())) {
      setController(crew.owner());
    }
    if (controlPrompt != null
        && (controlPrompt.to().equals(username) || controlPrompt.grantedBy().equals(username))) {
      controlPrompt = null;
    }
    return removed;
  }

  /** Whether anyone from staff has ever attached (the attach timeout is about the first). */
  synchronized boolean attachedOnce() {
    return crew.joinedOnce();
  }

  /** The member who owns the session (the first agent, then the longest present). */
  synchronized String owner() {
    return crew.owner();
  }

  /** The user name of the control holder, or null. */
  synchronized String controllerName() {
    return crew.holder();
  }

  /** Moves control; the previous holder's tunnel channels close (their lanes carried only them). */
  synchronized void setController(String username) {
    if (!Objects.equals(crew.holder(), username)) {
      lanes.closeAll();
    }
    crew.setHolder(username);
  }

  /** Closes one tunnel channel's lanes, if open. */
  synchronized void closeLane(int channel) {
    lanes.close(channel);
  }

  /** Forgets a channel whose lanes closed by themselves. */
  synchronized void laneClosed(int channel, LanePair pair) {
    lanes.closed(channel, pair);
  }

  synchronized void setControlPrompt(ControlPrompt prompt) {
    this.controlPrompt = prompt;
  }

  /** Takes the pending control prompt if it is the one answered. */
  synchronized ControlPrompt takeControlPrompt(String promptId) {
    if (controlPrompt == null || !controlPrompt.promptId().equals(promptId)) {
      return null;
    }
    ControlPrompt taken = controlPrompt;
    controlPrompt = null;
    return taken;
  }

  /** The session's place in the specialists' queue. */
  QueuePlace queue() {
    return queue;
  }

  /** Whether the customer paused sharing. */
  public synchronized boolean paused() {
    return paused;
  }

  /**
   * Pauses or resumes: open tunnel lanes stop reading, or read again.
   *
   * @return false if it was already so
   */
  synchronized boolean setPaused(boolean paused) {
    if (this.paused == paused) {
      return false;
    }
    this.paused = paused;
    lanes.pauseAll(paused);
    return true;
  }

  /** What the customer allows now. */
  public synchronized Grant grant() {
    return grant;
  }

  /**
   * Sets what the customer allows. Without TUNNEL, every open tunnel channel closes at once.
   *
   * @return the grant before
   */
  synchronized Grant setGrant(Grant grant) {
    Grant before = this.grant;
    this.grant = grant;
    if (!grant.has(Capability.TUNNEL)) {
      lanes.closeAll();
    }
    return before;
  }

  /**
   * The gate's verdict on a message from a participant, on the session as it is now.
   *
   * @param username the member of staff who sent it, or null for the customer's helper
   */
  synchronized Gate.Verdict check(Inbound kind, String username) {
    return Gate.decide(kind, crew.party(username), grant, phase(), paused);
  }

  synchronized Gate.Phase phase() {
    return switch (state) {
      case WAITING, CONSENT -> Gate.Phase.PENDING;
      case ACTIVE -> Gate.Phase.ACTIVE;
      case ENDED -> Gate.Phase.ENDED;
    };
  }

  /** The member who holds control, or null. */
  synchronized Member controller() {
    return crew.holder() == null ? null : crew.member(crew.holder());
  }

  synchronized boolean hasControl(String username) {
    return username.equals(crew.holder());
  }

  /**
   * Remembers that a member was warned of a closing time.
   *
   * @return true the first time for this member and closing
   */
  synchronized boolean markWarned(String username, Instant closesAt) {
    return !closesAt.equals(warnedForClosing.put(username, closesAt));
  }

  /** Remembers that the customer removed this member. */
  synchronized void markRemoved(String username) {
    crew.markRemoved(username);
  }

  /** Whether the customer removed this member from the session. */
  synchronized boolean wasRemoved(String username) {
    return crew.wasRemoved(username);
  }

  /** The gate's refusals in this session, for its ticket. */
  RefusalTally refusals() {
    return refusals;
  }

  /**
   * Ends the session's state.
   *
   * @return the state it was in, or null if it had already ended
   */
  synchronized State markEnded() {
    if (state == State.ENDED) {
      return null;
    }
    State before = state;
    state = State.ENDED;
    return before;
  }

  /** Keeps a timeout that acts on this session, to be cancelled when it ends. */
  synchronized void cancelOnEnd(Future<?> timeout) {
    if (state == State.ENDED) {
      timeout.cancel(false);
      return;
    }
    timeouts.removeIf(Future::isDone);
    timeouts.add(timeout);
  }

  /** Takes everything an end must notify, leaving the session empty. */
  synchronized Ending takeForEnding() {
    timeouts.forEach(timeout -> timeout.cancel(false));
    timeouts.clear();
    lanes.closeAll();
    Ending ending = new Ending(helper, crew.clear(), consent);
    consent = null;
    controlPrompt = null;
    queue.setOffer(null);
    return ending;
  }

  /** What an end notifies. */
  record Ending(Link<HelperEvent> helper, List<Member> members, PendingConsent consent) {}
}
