package puente.broker.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import puente.broker.auth.Agent;
import puente.broker.config.BrokerConfig;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.broker.refusal.RefusalLog;
import puente.broker.relay.Link;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.broker.time.Timeouts;
import puente.v1.AccessKind;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.OpenSessionResponse;
import puente.v1.RefusalReason;
import puente.v1.SessionStarted;

/**
 * Opening a session by its code: the code is claimed (single use), the support policy decides, the
 * customer is asked, and their answer starts the session or ends it. Every step is written to the
 * ticket before anyone is told.
 */
final class Opening {
  private final BrokerConfig.Sessions settings;
  private final Clock clock;
  private final SessionTable table;
  private final TicketLog tickets;
  private final Admission admission;
  private final CodeGate codes;
  private final ControlDesk control;
  private final BrokerMetrics metrics;
  private final Timeouts timeouts;
  private final SessionEnding ending;
  private final RefusalRecorder refusals;

  Opening(
      BrokerConfig.Sessions settings,
      Clock clock,
      SessionTable table,
      TicketLog tickets,
      Admission admission,
      CodeGate codes,
      ControlDesk control,
      BrokerMetrics metrics,
      Timeouts timeouts,
      SessionEnding ending,
      RefusalRecorder refusals) {
    this.settings = settings;
    this.clock = clock;
    this.table = table;
    this.tickets = tickets;
    this.admission = admission;
    this.codes = codes;
    this.control = control;
    this.metrics = metrics;
    this.timeouts = timeouts;
    this.ending = ending;
    this.refusals = refusals;
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
  CompletableFuture<OpenSessionResponse> open(
      Agent agent,
      String typedCode,
      AccessKind access,
      Admission.Request request,
      String source,
      Locale staffLocale) {
    LiveSession session = codes.claim(typedCode, agent, source, table::byId);
    Instant now = clock.instant();
    Admission.Admitted admitted;
    try {
      admitted =
          admission.admit(
              session.registration(), request, now, session.registration().locale(), staffLocale);
    } catch (Admission.Refused refused) {
      refusals.refusedEntry(
          session,
          agent.username(),
          refused.forStaff().getReason(),
          now,
          RefusalLog.Stage.OPENING,
          Requests.describe(refused.forStaff()),
          refused.forCustomer().getMessage());
      ending.end(session, EndReason.REFUSED, agent.username(), refused.forCustomer());
      throw RefusalException.worded(refused.forStaff());
    }
    AccessKind granted = access == AccessKind.ACCESS_KIND_UNSPECIFIED ? AccessKind.TUNNEL : access;
    CompletableFuture<OpenSessionResponse> answer = new CompletableFuture<>();
    PendingConsent pending =
        new PendingConsent(
            UUID.randomUUID().toString(),
            agent,
            granted,
            now.plus(settings.consentTimeout()),
            staffLocale,
            answer);
    Link<HelperEvent> helper;
    synchronized (session) {
      session.askConsent(pending);
      session.queue().admitted(request, admitted);
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
    // The deadline runs from before the customer is asked, so that it always exists once they are.
    session.cancelOnEnd(
        timeouts.after(
            settings.consentTimeout(),
            () -> answerConsent(session, pending.promptId(), false, true)));
    if (helper != null) {
      helper.send(Prompts.opening(session, pending));
    }
    answer.whenComplete(
        (opened, failure) -> {
          // The agent gave up waiting (cancelled the call): withdraw the request.
          if (answer.isCancelled() && session.takeConsent(pending.promptId()) != null) {
            ending.end(session, EndReason.AGENT_VANISHED, agent.username(), null);
          }
        });
    return answer;
  }

  /**
   * Applies the customer's answer to a consent prompt. A late answer (after the timeout) and an
   * answer to another prompt change nothing.
   *
   * @param timedOut whether the broker is answering for a customer who did not answer
   */
  void answerConsent(LiveSession session, String promptId, boolean accepted, boolean timedOut) {
    PendingConsent pending = session.takeConsent(promptId);
    if (pending == null) {
      control.answer(session, promptId, accepted);
      return;
    }
    Instant now = clock.instant();
    String actor = timedOut ? Actors.BROKER : Actors.CUSTOMER;
    if (!accepted) {
      tickets.record(
          session.ticketId(),
          session.id(),
          now,
          actor,
          EventKind.CONSENT_DECLINED,
          timedOut ? "timeout" : "declined");
      refusals.declined(
          session,
          pending.requester().username(),
          now,
          Messages.get(pending.staffLocale(), timedOut ? "consent.timeout" : "consent.declined"));
      ending.end(session, EndReason.CONSENT_DECLINED, actor, null, RefusalReason.CONSENT_REFUSED);
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
          Actors.CUSTOMER,
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
   * The agent who opened the session never attached its stream. Once anyone has attached, a session
   * left without staff waits in the queue instead (see {@link Escalations#returnToQueue}).
   */
  private void endIfNobodyAttached(LiveSession session) {
    if (session.state() == LiveSession.State.ACTIVE && !session.attachedOnce()) {
      ending.end(session, EndReason.AGENT_VANISHED, Actors.BROKER, null);
    }
  }
}
