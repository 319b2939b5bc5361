package puente.broker.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import puente.broker.auth.Agent;
import puente.broker.relay.LanePair;
import puente.broker.relay.Link;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.HelperEvent;
import puente.v1.OpenSessionResponse;

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

  /** A member of staff attached to the session. */
  static final class Member {
    private final Agent agent;
    private final Link<AgentEvent> link;
    private final Locale locale;
    private final Instant joinedAt;
    // Screen frames skipped while this viewer's stream was full; it then needs a full frame.
    private boolean lagging;
    private long laggingSinceNanos;

    Member(Agent agent, Link<AgentEvent> link, Locale locale, Instant joinedAt) {
      this.agent = agent;
      this.link = link;
      this.locale = locale;
      this.joinedAt = joinedAt;
    }

    Agent agent() {
      return agent;
    }

    Link<AgentEvent> link() {
      return link;
    }

    Locale locale() {
      return locale;
    }

    Instant joinedAt() {
      return joinedAt;
    }

    /**
     * Marks a skipped frame.
     *
     * @return true the first time since the viewer was last in step
     */
    synchronized boolean startLagging(long nowNanos) {
      if (lagging) {
        return false;
      }
      lagging = true;
      laggingSinceNanos = nowNanos;
      return true;
    }

    /** How long the viewer has been lagging, or 0. */
    synchronized long laggingForNanos(long nowNanos) {
      return lagging ? nowNanos - laggingSinceNanos : 0;
    }

    /** The viewer caught up (it will get a full frame). */
    synchronized void caughtUp() {
      lagging = false;
    }
  }

  /** An escalation waiting for a specialist (P15). */
  record Offer(String specialist, String escalatedBy, String note, Instant at) {
    /** Whether this agent may join on this offer. */
    boolean admits(Agent agent) {
      return specialist.isEmpty()
          ? agent.role() == puente.broker.auth.Role.SPECIALIST
          : specialist.equals(agent.username());
    }
  }

  /**
   * A control prompt waiting for the customer's answer: hand control to {@code to}, asked by {@code
   * grantedBy} (the holder handing over, or {@code to} itself), widening the grant by {@code widen}
   * (none for a plain hand-over).
   */
  record ControlPrompt(String promptId, String to, String grantedBy, Grant widen) {}

  /** A consent prompt waiting for the customer's answer. */
  record PendingConsent(
      String promptId,
      Agent requester,
      AccessKind access,
      Instant expiresAt,
      Locale staffLocale,
      CompletableFuture<OpenSessionResponse> answer) {}

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
  private AccessKind access;
  private Instant startedAt;
  private PendingConsent consent;
  // In order of joining: the first is the one who has been in the session longest.
  private final Map<String, Member> members = new LinkedHashMap<>();
  private String owner;
  private String controller;
  // The control holder's tunnel channels, by channel number: closed whenever control moves.
  private final Map<Integer, LanePair> lanes = new HashMap<>();
  // Timeouts that act on this session (consent, attach, control prompt, queue): cancelled when it
  // ends, so that an ended session is not kept in memory until they would have fired.
  private final List<Future<?>> timeouts = new ArrayList<>();
  private Offer offer;
  private ControlPrompt controlPrompt;
  private Instant queuedSince;
  private boolean paused;
  // What the customer allows now; nothing before consent.
  private Grant grant = Grant.none();
  private int priority = Integer.MAX_VALUE;
  private String category = "";
  private Admission.Request admissionRequest = new Admission.Request("", false);
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

  synchronized void setState(State state) {
    this.state = state;
  }

  synchronized Link<HelperEvent> helper() {
    return helper;
  }

  synchronized void setHelper(Link<HelperEvent> helper) {
    this.helper = helper;
  }

  /** The agent who opened the code, or null before that. */
  public synchronized Agent opener() {
    return opener;
  }

  /** Whether this agent opened the session by its code. */
  synchronized boolean openedBy(Agent agent) {
    return opener != null && opener.id() == agent.id();
  }

  synchronized AccessKind access() {
    return access;
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
    this.access = pending.access();
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
    if (helper == null || !addLane(channel, pair, max)) {
      return null;
    }
    tellHolder.run();
    helper.send(open);
    return verdict;
  }

  synchronized Member member(String username) {
    return members.get(username);
  }

  synchronized List<Member> members() {
    return new ArrayList<>(members.values());
  }

  /**
   * Adds a member. The first member becomes owner and, unless the customer granted viewing only,
   * controller; a member who joins a session with nobody in control (it was back in the queue)
   * takes both.
   */
  synchronized void addMember(Member member) {
    String username = member.agent().username();
    members.put(username, member);
    if (owner == null || !members.containsKey(owner)) {
      owner = username;
    }
    // A session opened for viewing only gives nobody control until the customer grants it.
    if (controller == null && members.size() == 1 && holdsSomething(grant)) {
      controller = username;
    }
    queuedSince = null;
  }

  /** Whether holding control means anything under this grant (tunnel channels or input). */
  static boolean holdsSomething(Grant grant) {
    return grant.has(Capability.TUNNEL) || grant.has(Capability.CONTROL);
  }

  /**
   * Removes a member. Ownership passes to whoever has been in the session longest; control held by
   * the leaver returns to the (new) owner.
   */
  synchronized Member removeMember(String username) {
    Member removed = members.remove(username);
    if (removed == null) {
      return null;
    }
    if (username.equals(owner)) {
      owner = members.isEmpty() ? null : members.keySet().iterator().next();
    }
    if (username.equals(controller)) {
      setController(owner);
    }
    if (controlPrompt != null
        && (controlPrompt.to().equals(username) || controlPrompt.grantedBy().equals(username))) {
      controlPrompt = null;
    }
    return removed;
  }

  /** The member who owns the session (the first agent, then the longest present). */
  synchronized String owner() {
    return owner;
  }

  /** The user name of the control holder, or null. */
  synchronized String controllerName() {
    return controller;
  }

  /** Moves control; the previous holder's tunnel channels close (their lanes carried only them). */
  synchronized void setController(String username) {
    if (!Objects.equals(controller, username)) {
      closeLanes();
    }
    this.controller = username;
  }

  /**
   * Records a tunnel channel the holder opened.
   *
   * @return false if the number is in use or the session has its maximum of channels
   */
  synchronized boolean addLane(int channel, LanePair pair, int max) {
    if (lanes.size() >= max || lanes.containsKey(channel)) {
      return false;
    }
    lanes.put(channel, pair);
    pair.setPaused(paused);
    return true;
  }

  /** Closes one tunnel channel's lanes, if open. */
  synchronized void closeLane(int channel) {
    LanePair pair = lanes.remove(channel);
    if (pair != null) {
      pair.close();
    }
  }

  /** Forgets a channel whose lanes closed by themselves. */
  synchronized void laneClosed(int channel, LanePair pair) {
    lanes.remove(channel, pair);
  }

  private void closeLanes() {
    List<LanePair> open = new ArrayList<>(lanes.values());
    lanes.clear();
    open.forEach(LanePair::close);
  }

  synchronized Offer offer() {
    return offer;
  }

  synchronized void setOffer(Offer offer) {
    this.offer = offer;
  }

  synchronized ControlPrompt controlPrompt() {
    return controlPrompt;
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

  /** Since when nobody from staff is connected, or null. */
  synchronized Instant queuedSince() {
    return queuedSince;
  }

  synchronized void setQueuedSince(Instant at) {
    this.queuedSince = at;
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
    lanes.values().forEach(pair -> pair.setPaused(paused));
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
      closeLanes();
    }
    return before;
  }

  /**
   * The gate's verdict on a message from a participant, on the session as it is now.
   *
   * @param username the member of staff who sent it, or null for the customer's helper
   */
  synchronized Gate.Verdict check(Inbound kind, String username) {
    return Gate.decide(kind, party(username), grant, phase(), paused);
  }

  /** The sender's place in the session; see {@link Gate.Party}. */
  synchronized Gate.Party party(String username) {
    if (username == null) {
      return Gate.Party.CUSTOMER;
    }
    if (!members.containsKey(username)) {
      return Gate.Party.OUTSIDER;
    }
    return Gate.Party.member(username.equals(owner), username.equals(controller));
  }

  synchronized Gate.Phase phase() {
    return switch (state) {
      case WAITING, CONSENT -> Gate.Phase.PENDING;
      case ACTIVE -> Gate.Phase.ACTIVE;
      case ENDED -> Gate.Phase.ENDED;
    };
  }

  /** Queue priority of the session's category (P17), 1 first. */
  synchronized int priority() {
    return priority;
  }

  /** The category admitted. */
  synchronized String category() {
    return category;
  }

  /** Records what admission allowed, for the queue and for specialists' joins. */
  synchronized void admitted(Admission.Request request, Admission.Admitted admitted) {
    this.admissionRequest = request;
    this.category = admitted.category();
    this.priority = admitted.priority();
  }

  /** What the agent asked for when opening (category, advisory). */
  synchronized Admission.Request admissionRequest() {
    return admissionRequest;
  }

  /** The member who holds control, or null. */
  synchronized Member controller() {
    return controller == null ? null : members.get(controller);
  }

  synchronized boolean hasControl(String username) {
    return username.equals(controller);
  }

  /**
   * Remembers that a member was warned of a closing time.
   *
   * @return true the first time for this member and closing
   */
  synchronized boolean markWarned(String username, Instant closesAt) {
    return !closesAt.equals(warnedForClosing.put(username, closesAt));
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
    Ending ending = new Ending(helper, new ArrayList<>(members.values()), consent);
    members.clear();
    owner = null;
    setController(null);
    consent = null;
    controlPrompt = null;
    offer = null;
    return ending;
  }

  /** What an end notifies. */
  record Ending(Link<HelperEvent> helper, List<Member> members, PendingConsent consent) {}
}
