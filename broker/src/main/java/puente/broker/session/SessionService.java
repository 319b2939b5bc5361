package puente.broker.session;

import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.auth.Secrets;
import puente.broker.cluster.SessionDirectory;
import puente.broker.config.BrokerConfig;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.policy.Licence;
import puente.broker.refusal.RefusalException;
import puente.broker.relay.DataPlane;
import puente.broker.relay.Link;
import puente.broker.store.LicenceStore;
import puente.broker.store.TicketStore;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.NewTicket;
import puente.broker.time.Timeouts;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.OpenSessionResponse;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;
import puente.v1.SessionEnded;
import puente.v1.SessionStarted;

/**
 * The life of sessions on this broker: registration, opening by code, consent, attaching, and the
 * one end path that every way out goes through (either side ends it, a peer vanishes, a timeout
 * fires, the broker stops). Every step is written to the ticket before anyone is told.
 */
public final class SessionService implements FrameRouter.Viewers {
  private static final Logger log = LoggerFactory.getLogger(SessionService.class);
  static final String CUSTOMER = "customer";
  private static final String BROKER = "broker";

  private final BrokerConfig.Sessions settings;
  private final Clock clock;
  private final SessionDirectory directory;
  private final String nodeId;
  private final LicenceStore licences;
  private final TicketStore tickets;
  private final Admission admission;
  private final CodeGate codes;
  private final ControlDesk control;
  private final Escalations escalations;
  private final BrokerMetrics metrics;
  private final Timeouts timeouts;
  private final RefusalRecorder refusals;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, LiveSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, LiveSession> byHelperToken = new ConcurrentHashMap<>();

  /** What a registered helper gets back. */
  public record Registered(
      SessionCode code, Instant codeExpiresAt, String helperToken, long ticketId) {}

  /**
   * Wires the service.
   *
   * @param timeouts runs consent, attach, queue and control-prompt timeouts, and ticket writes off
   *     the relay path
   * @param staff finds a member of staff by user name
   */
  public SessionService(
      BrokerConfig.Sessions settings,
      Clock clock,
      SessionDirectory directory,
      String nodeId,
      LicenceStore licences,
      TicketStore tickets,
      Admission admission,
      AttemptThrottle throttle,
      BrokerMetrics metrics,
      Timeouts timeouts,
      java.util.function.Function<String, Optional<Agent>> staff) {
    this.settings = settings;
    this.clock = clock;
    this.directory = directory;
    this.nodeId = nodeId;
    this.licences = licences;
    this.tickets = tickets;
    this.admission = admission;
    this.codes = new CodeGate(directory, throttle, tickets, metrics, clock);
    this.refusals = new RefusalRecorder(tickets, metrics, clock, timeouts::execute);
    this.control = new ControlDesk(tickets, metrics, clock, timeouts, settings, refusals);
    this.escalations =
        new Escalations(this::end, tickets, metrics, clock, timeouts, settings, staff);
    this.metrics = metrics;
    this.timeouts = timeouts;
    directory.onExpiry(this::codeExpired);
  }

  /**
   * The router of this broker's relay frames.
   *
   * @param redactor masks secrets in chat (P11)
   * @param dataPlane carries tunnel bytes
   * @param ticker measures how long a viewer lags
   */
  public FrameRouter frameRouter(Redactor redactor, DataPlane dataPlane, Ticker ticker) {
    return new FrameRouter(this, refusals, redactor, dataPlane, metrics, ticker);
  }

  /**
   * Checks a staff login attempt against the throttle before the password is checked: failures are
   * counted per user name and per address, as for codes, so that passwords cannot be guessed at
   * speed.
   *
   * @param source the caller's address
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  public void beforeLogin(String username, String source) {
    codes.refuseIfThrottled(loginKey(username));
    codes.refuseIfThrottled("login-addr:" + source);
  }

  /** A login failed: counted for the throttle and in the refusal metrics. */
  public void loginFailed(String username, String source) {
    codes.recordFailure(loginKey(username));
    codes.recordFailure("login-addr:" + source);
    metrics.refused(RefusalReason.UNAUTHENTICATED);
  }

  /** A login succeeded: the user name's failures are forgotten. */
  public void loginSucceeded(String username) {
    codes.forget(loginKey(username));
  }

  private static String loginKey(String username) {
    return "login:" + username.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Registers a helper: opens a ticket and issues a code. An unknown licence is refused and the
   * refusal recorded on the ticket.
   *
   * @param source the caller's address, for throttling
   * @throws RefusalException INVALID_REQUEST, LICENCE_UNKNOWN or TOO_MANY_ATTEMPTS
   */
  public Registered register(RegisterRequest request, String source) {
    Requests.validate(request);
    String throttleKey = "licence-addr:" + source;
    codes.refuseIfThrottled(throttleKey);
    Instant now = clock.instant();
    Optional<Licence> licence = licences.find(request.getLicenceKey());
    String sessionId = UUID.randomUUID().toString();
    long ticketId =
        tickets.openTicket(
            new NewTicket(
                request.getLicenceKey(),
                licence.map(Licence::customerName).orElse(null),
                request.getProduct(),
                request.getInstalledVersion(),
                request.getMachine().getMachineId(),
                request.getMachine().getHostname()),
            sessionId,
            now);
    if (licence.isEmpty()) {
      codes.recordFailure(throttleKey);
      // Worded like a policy refusal on the timeline: reason(rule), P1 as in the Decider.
      tickets.record(ticketId, sessionId, now, BROKER, EventKind.REFUSED, "LICENCE_UNKNOWN(P1)");
      tickets.ended(
          ticketId, sessionId, EndReason.REFUSED.name(), "LICENCE_UNKNOWN", 0, 0, now, BROKER);
      metrics.refused(RefusalReason.LICENCE_UNKNOWN);
      throw RefusalException.of(
          RefusalReason.LICENCE_UNKNOWN, "licence.unknown", request.getLicenceKey());
    }
    Registration registration =
        new Registration(
            request.getLicenceKey(),
            licence.get().customerName(),
            request.getProduct(),
            request.getInstalledVersion(),
            request.getMachine(),
            Messages.resolve(request.getLocale()),
            request.getOfferedService());
    String token = Secrets.newToken();
    SessionCode code = reserveCode(sessionId);
    LiveSession session =
        new LiveSession(sessionId, ticketId, code, registration, Secrets.digest(token));
    sessions.put(sessionId, session);
    byHelperToken.put(session.helperTokenHash(), session);
    return new Registered(code, now.plus(settings.codeTtl()), token, ticketId);
  }

  /**
   * Connects a registered helper's stream.
   *
   * @throws RefusalException UNAUTHENTICATED for an unknown token, CONFLICT for a second stream
   */
  public LiveSession helperConnected(String helperToken, Link<HelperEvent> link) {
    LiveSession session = byHelperToken.get(Secrets.digest(helperToken));
    if (session == null || session.state() == LiveSession.State.ENDED) {
      throw RefusalException.of(RefusalReason.UNAUTHENTICATED, "helper.token.invalid");
    }
    LiveSession.PendingConsent pending;
    synchronized (session) {
      if (session.helper() != null) {
        throw RefusalException.of(RefusalReason.CONFLICT, "session.conflict");
      }
      session.setHelper(link);
      pending = session.consent();
    }
    link.send(
        HelperEvent.newBuilder()
            .setWaiting(HelperEvent.Waiting.newBuilder().setCode(session.code().display()))
            .build());
    if (pending != null) {
      link.send(Prompts.opening(session, pending));
    }
    return session;
  }

  /**
   * Opens a session by code for an agent. Checks throttling, the code (single use; wrong, expired
   * and reused codes get the same answer), the support policy, then asks the customer.
   *
   * @param source the caller's address, for throttling
   * @return completes with the opened session once the customer accepts, or exceptionally with a
   *     {@link RefusalException}
   * @throws RefusalException when refused before the customer is asked
   */
  public CompletableFuture<OpenSessionResponse> open(
      Agent agent,
      String typedCode,
      AccessKind access,
      Admission.Request request,
      String source,
      Locale staffLocale) {
    LiveSession session = codes.claim(typedCode, agent, source, sessions::get);
    Instant now = clock.instant();
    Admission.Admitted admitted;
    try {
      admitted =
          admission.admit(
              session.registration(), request, now, session.registration().locale(), staffLocale);
    } catch (Admission.Refused refused) {
      metrics.refused(refused.forStaff().getReason());
      tickets.record(
          session.ticketId(),
          session.id(),
          now,
          agent.username(),
          EventKind.REFUSED,
          Requests.describe(refused.forStaff()));
      end(session, EndReason.REFUSED, agent.username(), refused.forCustomer());
      throw RefusalException.worded(refused.forStaff());
    }
    AccessKind granted = access == AccessKind.ACCESS_KIND_UNSPECIFIED ? AccessKind.TUNNEL : access;
    CompletableFuture<OpenSessionResponse> answer = new CompletableFuture<>();
    LiveSession.PendingConsent pending =
        new LiveSession.PendingConsent(
            UUID.randomUUID().toString(),
            agent,
            granted,
            now.plus(settings.consentTimeout()),
            staffLocale,
            answer);
    Link<HelperEvent> helper;
    synchronized (session) {
      session.askConsent(pending);
      session.admitted(request, admitted);
      helper = session.helper();
    }
    tickets.consentRequested(
        session.ticketId(),
        session.id(),
        now,
        agent.username(),
        admitted.category(),
        admitted.priority(),
        admitted.billable(),
        granted.name() + " " + admitted.summary());
    if (helper != null) {
      helper.send(Prompts.opening(session, pending));
    }
    answer.whenComplete(
        (opened, failure) -> {
          // The agent gave up waiting (cancelled the call): withdraw the request.
          if (answer.isCancelled() && session.takeConsent(pending.promptId()) != null) {
            end(session, EndReason.AGENT_VANISHED, agent.username(), null);
          }
        });
    session.cancelOnEnd(
        timeouts.after(
            settings.consentTimeout(),
            () -> answerConsent(session, pending.promptId(), false, true)));
    return answer;
  }

  /**
   * Applies the customer's answer to a consent prompt. A late answer (after the timeout) and an
   * answer to another prompt change nothing.
   *
   * @param timedOut whether the broker is answering for a customer who did not answer
   */
  public void answerConsent(
      LiveSession session, String promptId, boolean accepted, boolean timedOut) {
    LiveSession.PendingConsent pending = session.takeConsent(promptId);
    if (pending == null) {
      control.answer(session, promptId, accepted);
      return;
    }
    Instant now = clock.instant();
    String actor = timedOut ? BROKER : CUSTOMER;
    if (!accepted) {
      tickets.record(
          session.ticketId(),
          session.id(),
          now,
          actor,
          EventKind.CONSENT_DECLINED,
          timedOut ? "timeout" : "declined");
      metrics.refused(RefusalReason.CONSENT_REFUSED);
      end(session, EndReason.CONSENT_DECLINED, actor, null, RefusalReason.CONSENT_REFUSED);
      pending
          .answer()
          .completeExceptionally(
              RefusalException.of(
                  RefusalReason.CONSENT_REFUSED,
                  timedOut ? "consent.timeout" : "consent.declined"));
      return;
    }
    Link<HelperEvent> helper;
    boolean activated;
    synchronized (session) {
      activated = session.state() == LiveSession.State.CONSENT;
      if (activated) {
        session.activate(now, Grant.forOpening(pending.access()));
      }
      helper = session.helper();
    }
    if (!activated) {
      // Ended meanwhile: the consent is still logged.
      tickets.record(
          session.ticketId(),
          session.id(),
          now,
          CUSTOMER,
          EventKind.CONSENT_GIVEN,
          pending.access().name());
      return;
    }
    tickets.consentGivenAndStarted(
        session.ticketId(),
        session.id(),
        pending.access().name(),
        pending.requester().id(),
        now,
        pending.requester().username());
    metrics.sessionStarted();
    helper.send(
        HelperEvent.newBuilder()
            .setStarted(
                SessionStarted.newBuilder()
                    .setSessionId(session.id())
                    .setTicketId(Long.toString(session.ticketId()))
                    .setAccess(pending.access())
                    .addAllGranted(session.grant().wire()))
            .build());
    session.cancelOnEnd(
        timeouts.after(settings.attachTimeout(), () -> endIfNobodyAttached(session)));
    pending
        .answer()
        .complete(
            OpenSessionResponse.newBuilder()
                .setSessionId(session.id())
                .setTicketId(Long.toString(session.ticketId()))
                .setCustomerName(session.registration().customerName())
                .setMachine(session.registration().machine())
                .setOfferedService(session.registration().offeredService())
                .setAccess(pending.access())
                .build());
  }

  /**
   * Attaches a member of staff's stream: the agent who opened the session, or a specialist it was
   * offered to by an escalation (P15). A specialist's join goes through the support policy like an
   * open.
   *
   * @throws RefusalException PERMISSION_DENIED for a session that is not theirs or does not exist
   *     (the same answer, so ids cannot be probed), SESSION_ENDED, CONFLICT, or a policy refusal
   */
  public LiveSession attach(
      Agent agent, String sessionId, Link<AgentEvent> link, Locale locale, boolean askControl) {
    LiveSession session = sessions.get(sessionId);
    boolean opener = session != null && session.openedBy(agent);
    LiveSession.Offer offer = session == null ? null : session.offer();
    boolean offered = !opener && offer != null && offer.admits(agent);
    if (!opener && !offered) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "session.denied");
    }
    Instant now = clock.instant();
    if (offered) {
      try {
        admission.admit(
            session.registration(),
            session.admissionRequest(),
            now,
            session.registration().locale(),
            locale);
      } catch (Admission.Refused refused) {
        metrics.refused(refused.forStaff().getReason());
        tickets.record(
            session.ticketId(),
            session.id(),
            now,
            agent.username(),
            EventKind.REFUSED,
            "join " + Requests.describe(refused.forStaff()));
        throw RefusalException.worded(refused.forStaff());
      }
    }
    LiveSession.Member member = new LiveSession.Member(agent, link, locale, now);
    synchronized (session) {
      if (session.state() == LiveSession.State.ENDED) {
        throw RefusalException.of(RefusalReason.SESSION_ENDED, "session.ended");
      }
      if (session.state() != LiveSession.State.ACTIVE) {
        throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "session.denied");
      }
      if (session.member(agent.username()) != null) {
        throw RefusalException.of(RefusalReason.CONFLICT, "session.conflict");
      }
      session.addMember(member);
      if (offered) {
        session.setOffer(null);
      }
    }
    tickets.joined(
        session.ticketId(),
        session.id(),
        agent.username(),
        agent.displayName(),
        agent.role().wireName(),
        now);
    metrics.participantChange("joined");
    link.send(
        AgentEvent.newBuilder()
            .setJoined(
                AgentEvent.Joined.newBuilder()
                    .setSessionId(session.id())
                    .setHasControl(session.hasControl(agent.username()))
                    .setStartedAt(Events.timestamp(session.startedAt())))
            .build());
    link.send(
        AgentEvent.newBuilder()
            .setGrant(
                puente.v1.GrantChanged.newBuilder()
                    .addAllCapabilities(session.grant().wire())
                    .setPaused(session.paused()))
            .build());
    Link<HelperEvent> helper = session.helper();
    if (helper != null) {
      helper.send(
          Events.toCustomer(
              Events.notice(
                  puente.v1.Notice.Kind.JOINED,
                  Messages.get(
                      session.registration().locale(),
                      "notice.joined",
                      agent.displayName(),
                      Messages.get(
                          session.registration().locale(), "role." + agent.role().wireName())))));
    }
    Participants.broadcast(session);
    if (askControl) {
      control.act(
          session,
          agent,
          link,
          locale,
          puente.v1.ControlAction.newBuilder()
              .setKind(puente.v1.ControlAction.Kind.REQUEST)
              .build());
    }
    return session;
  }

  /**
   * A member's stream closed or they left. Ownership and control pass on (see {@link
   * LiveSession#removeMember}); with nobody from staff left, the session returns to the queue.
   *
   * @param cleanly whether the app left on purpose rather than vanished
   */
  public void memberLeft(LiveSession session, Agent agent, boolean cleanly) {
    removeMember(session, agent.username(), cleanly ? "left" : "vanished", null, !cleanly);
  }

  /**
   * Takes a member out of a session and tells them why.
   *
   * @param why recorded on the timeline
   * @param noticeKey a notice to send them before their stream closes, or null
   * @param vanished whether they vanished (decides the end reason if nobody takes over)
   */
  void removeMember(
      LiveSession session, String username, String why, puente.v1.Notice notice, boolean vanished) {
    String holderBefore = session.controllerName();
    LiveSession.Member member = session.removeMember(username);
    if (member == null || session.state() == LiveSession.State.ENDED) {
      return;
    }
    tickets.left(session.ticketId(), session.id(), username, clock.instant(), why);
    metrics.participantChange(why);
    if (notice != null) {
      member.link().send(AgentEvent.newBuilder().setNotice(notice).build());
    }
    member.link().complete();
    if (session.members().isEmpty()) {
      escalations.returnToQueue(session, vanished);
      return;
    }
    if (!java.util.Objects.equals(holderBefore, session.controllerName())) {
      control.announce(session, "control returned to owner");
    }
    Participants.broadcast(session);
  }

  /**
   * Ends a session at an agent's request.
   *
   * @throws RefusalException PERMISSION_DENIED unless they opened it, are in it, or supervise
   */
  public void endByStaff(Agent agent, String sessionId) {
    LiveSession session = sessions.get(sessionId);
    boolean own =
        session != null && (session.member(agent.username()) != null || session.openedBy(agent));
    if (session == null || !(own || agent.role() == Role.SUPERVISOR)) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "session.denied");
    }
    end(
        session,
        own ? EndReason.ENDED_BY_AGENT : EndReason.ENDED_BY_SUPERVISOR,
        agent.username(),
        null);
  }

  /**
   * Ends a session; see {@link #end(LiveSession, EndReason, String, puente.v1.Refusal,
   * RefusalReason)}.
   */
  public void end(
      LiveSession session, EndReason reason, String actor, puente.v1.Refusal customerRefusal) {
    end(
        session,
        reason,
        actor,
        customerRefusal,
        customerRefusal == null ? null : customerRefusal.getReason());
  }

  /**
   * The one end path. Idempotent. Writes the end to the ticket first (so nothing is lost if a
   * notification fails), then tells everyone and closes their streams.
   */
  void end(
      LiveSession session,
      EndReason reason,
      String actor,
      puente.v1.Refusal customerRefusal,
      RefusalReason refusalReason) {
    LiveSession.State before = session.markEnded();
    if (before == null) {
      return;
    }
    LiveSession.Ending ending = session.takeForEnding();
    refusals.flushRepeats(session);
    sessions.remove(session.id());
    byHelperToken.remove(session.helperTokenHash());
    if (before == LiveSession.State.WAITING) {
      directory.release(session.code());
    }
    try {
      tickets.ended(
          session.ticketId(),
          session.id(),
          reason.name(),
          refusalReason == null ? null : refusalReason.name(),
          session.bytesToAgent.get(),
          session.bytesToCustomer.get(),
          clock.instant(),
          actor);
    } catch (RuntimeException e) {
      // The row stays live; the start-up sweep of the next run ends it.
      log.error(
          "could not record the end of session {} on ticket {}",
          session.id(),
          session.ticketId(),
          e);
    }
    metrics.sessionEnded(reason, before == LiveSession.State.ACTIVE);
    if (ending.consent() != null) {
      ending
          .consent()
          .answer()
          .completeExceptionally(RefusalException.of(RefusalReason.SESSION_ENDED, "session.ended"));
    }
    if (ending.helper() != null) {
      SessionEnded.Builder ended = Events.ended(reason, session.registration().locale());
      if (customerRefusal != null) {
        ended.setRefusal(customerRefusal).setMessage(customerRefusal.getMessage());
      }
      ending.helper().send(HelperEvent.newBuilder().setEnded(ended).build());
      ending.helper().complete();
    }
    for (LiveSession.Member member : ending.members()) {
      member
          .link()
          .send(AgentEvent.newBuilder().setEnded(Events.ended(reason, member.locale())).build());
      member.link().complete();
    }
  }

  /**
   * A member's control action (request, grant, release, take back), judged by the gate.
   *
   * @param link the member's stream, which gets the answer to a refused action
   */
  public void controlAction(
      LiveSession session,
      Agent agent,
      Link<AgentEvent> link,
      Locale locale,
      puente.v1.ControlAction action) {
    control.act(session, agent, link, locale, action);
  }

  /**
   * Offers a live session to specialists (P15).
   *
   * @throws RefusalException PERMISSION_DENIED unless the caller is in it
   */
  public void escalate(Agent agent, String sessionId, String specialist, String note) {
    escalations.escalate(agent, sessions.get(sessionId), specialist, note);
  }

  /** The escalation queue as this member of staff may serve it. */
  public List<puente.v1.Escalation> escalationQueue(Agent viewer) {
    return escalations.queue(viewer, List.copyOf(sessions.values()));
  }

  /** Every live session, for a supervisor. */
  public List<puente.v1.LiveSessionInfo> supervise(Agent viewer) {
    return escalations.supervise(viewer, List.copyOf(sessions.values()));
  }

  /** The customer removes a participant from the session. */
  public void removeByCustomer(LiveSession session, String participantId) {
    if (!customerMay(session, Inbound.REMOVE_PARTICIPANT)) {
      return;
    }
    LiveSession.Member member = session.member(participantId);
    if (member == null) {
      return;
    }
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        CUSTOMER,
        EventKind.PARTICIPANT_REMOVED,
        participantId);
    removeMember(
        session,
        participantId,
        "removed by customer",
        Events.notice(
            puente.v1.Notice.Kind.REMOVED, Messages.get(member.locale(), "notice.removed")),
        false);
  }

  /**
   * The customer pauses or resumes: while paused nothing enters or leaves their machine (the gate
   * refuses screen, input, clipboard and new tunnel channels; open lanes stop reading).
   */
  public void pauseByCustomer(LiveSession session, boolean paused) {
    if (!customerMay(session, paused ? Inbound.PAUSE : Inbound.RESUME)
        || !session.setPaused(paused)) {
      return;
    }
    control.announceGrant(session);
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        CUSTOMER,
        paused ? EventKind.PAUSED : EventKind.RESUMED,
        null);
    for (LiveSession.Member member : session.members()) {
      member
          .link()
          .send(
              AgentEvent.newBuilder()
                  .setNotice(
                      Events.notice(
                          paused ? puente.v1.Notice.Kind.PAUSED : puente.v1.Notice.Kind.RESUMED,
                          Messages.get(
                              member.locale(), paused ? "notice.paused" : "notice.resumed")))
                  .build());
    }
  }

  /**
   * The customer narrows the grant to {@code capabilities}: what is withdrawn stops at once (tunnel
   * lanes close without TUNNEL). A capability not granted before is refused: only a yes to a prompt
   * widens the grant.
   */
  public void narrowByCustomer(LiveSession session, List<AccessKind> capabilities) {
    Grant wanted;
    try {
      wanted = Grant.fromWire(capabilities);
    } catch (IllegalArgumentException e) {
      customerMay(session, Inbound.WIDEN_GRANT);
      return;
    }
    Grant before = session.grant();
    Inbound kind = before.covers(wanted) ? Inbound.NARROW_GRANT : Inbound.WIDEN_GRANT;
    if (!customerMay(session, kind) || wanted.equals(before)) {
      return;
    }
    session.setGrant(wanted);
    control.grantChanged(session, CUSTOMER, before, wanted);
  }

  /** Asks the gate about a customer's command; a refusal is answered to the helper. */
  private boolean customerMay(LiveSession session, Inbound kind) {
    Gate.Verdict verdict = session.check(kind, null);
    if (verdict.allowed()) {
      return true;
    }
    Link<HelperEvent> helper = session.helper();
    refusals.refused(
        session,
        CUSTOMER,
        kind,
        verdict.refusal(),
        notice -> {
          if (helper != null) {
            helper.send(Events.toCustomer(notice));
          }
        },
        session.registration().locale());
    return false;
  }

  /**
   * A viewer that fell too far behind: dropped with a reason, never slowing the others. Runs on the
   * timer thread, since it writes to the database and is called from the relay path.
   */
  @Override
  public void dropViewer(LiveSession session, LiveSession.Member member) {
    timeouts.execute(
        () -> {
          if (session.member(member.agent().username()) != member) {
            return;
          }
          metrics.viewerDropped();
          tickets.record(
              session.ticketId(),
              session.id(),
              clock.instant(),
              "broker",
              EventKind.VIEWER_DROPPED,
              member.agent().username());
          removeMember(
              session,
              member.agent().username(),
              "too slow",
              Events.notice(
                  puente.v1.Notice.Kind.TOO_SLOW, Messages.get(member.locale(), "notice.tooSlow")),
              false);
        });
  }

  @Override
  public void afterLagGrace(Runnable action) {
    timeouts.after(settings.viewerLagGrace(), action);
  }

  @Override
  public java.time.Duration viewerStallLimit() {
    return settings.viewerStallLimit();
  }

  /** Ends every live session (the broker is stopping). */
  public void endAll(EndReason reason) {
    for (LiveSession session : List.copyOf(sessions.values())) {
      end(session, reason, BROKER, null);
    }
  }

  /** Sessions live on this broker. */
  public Collection<LiveSession> live() {
    return List.copyOf(sessions.values());
  }

  /**
   * Records that a secret was masked in chat (P11); the secret itself is never logged. The ticket
   * write runs on the timer thread: this is called from the relay path.
   */
  @Override
  public void secretRedacted(LiveSession session, String actor) {
    metrics.frameRefused("SECRET");
    Instant at = clock.instant();
    timeouts.execute(
        () -> {
          try {
            tickets.record(
                session.ticketId(), session.id(), at, actor, EventKind.SECRET_REDACTED, "chat");
          } catch (RuntimeException e) {
            log.error("could not record a masked secret on ticket {}", session.ticketId(), e);
          }
        });
  }

  BrokerMetrics metrics() {
    return metrics;
  }

  private void codeExpired(SessionDirectory.Entry entry) {
    LiveSession session = sessions.get(entry.sessionId());
    if (session != null && session.state() == LiveSession.State.WAITING) {
      end(session, EndReason.CODE_EXPIRED, BROKER, null);
    }
  }

  private void endIfNobodyAttached(LiveSession session) {
    if (session.state() == LiveSession.State.ACTIVE && session.members().isEmpty()) {
      end(session, EndReason.AGENT_VANISHED, BROKER, null);
    }
  }

  /**
   * Writes the byte counts of every active session to its ticket row, so that a broker that is
   * killed leaves counts no older than the last checkpoint.
   */
  public void checkpointBytes() {
    for (LiveSession session : sessions.values()) {
      if (session.state() == LiveSession.State.ACTIVE) {
        try {
          tickets.checkpointBytes(
              session.id(), session.bytesToAgent.get(), session.bytesToCustomer.get());
        } catch (RuntimeException e) {
          log.warn("byte checkpoint of session {} failed: {}", session.id(), e.toString());
        }
      }
    }
  }

  private SessionCode reserveCode(String sessionId) {
    SessionDirectory.Entry entry = new SessionDirectory.Entry(sessionId, nodeId);
    for (int attempt = 0; attempt < 100; attempt++) {
      SessionCode code = SessionCode.random(random);
      if (directory.reserve(code, entry)) {
        return code;
      }
    }
    throw new IllegalStateException("no free session code after 100 draws");
  }
}
