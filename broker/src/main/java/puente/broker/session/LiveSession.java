package puente.broker.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import puente.broker.auth.Agent;
import puente.broker.relay.Link;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.HelperEvent;
import puente.v1.OpenSessionResponse;

/**
 * A session this broker relays, from the helper's registration to its end. Mutable state is
 * guarded by the object's monitor; the {@link SessionService} drives the transitions.
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
  record Member(Agent agent, Link<AgentEvent> link, Locale locale, Instant joinedAt) {}

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
  private final Map<String, Member> members = new LinkedHashMap<>();
  private String controller;
  private boolean relayRefusalLogged;

  LiveSession(
      String id, long ticketId, SessionCode code, Registration registration,
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

  /** Moves CONSENT → ACTIVE. */
  synchronized void activate(Instant at) {
    state = State.ACTIVE;
    startedAt = at;
  }

  synchronized Member member(String username) {
    return members.get(username);
  }

  synchronized List<Member> members() {
    return new ArrayList<>(members.values());
  }

  synchronized void addMember(Member member) {
    members.put(member.agent().username(), member);
    if (controller == null) {
      controller = member.agent().username();
    }
  }

  synchronized Member removeMember(String username) {
    Member removed = members.remove(username);
    if (username.equals(controller)) {
      controller = null;
    }
    return removed;
  }

  /** The member who holds control, or null. */
  synchronized Member controller() {
    return controller == null ? null : members.get(controller);
  }

  synchronized boolean hasControl(String username) {
    return username.equals(controller);
  }

  /** Returns true once per session, so a flood of refused frames logs one ticket entry. */
  synchronized boolean firstRelayRefusal() {
    boolean first = !relayRefusalLogged;
    relayRefusalLogged = true;
    return first;
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

  /** Takes everything an end must notify, leaving the session empty. */
  synchronized Ending takeForEnding() {
    Ending ending = new Ending(helper, new ArrayList<>(members.values()), consent);
    members.clear();
    controller = null;
    consent = null;
    return ending;
  }

  /** What an end notifies. */
  record Ending(Link<HelperEvent> helper, List<Member> members, PendingConsent consent) {}
}
