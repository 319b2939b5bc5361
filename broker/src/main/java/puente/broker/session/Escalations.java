package puente.broker.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.config.BrokerConfig;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.broker.relay.Link;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.broker.time.Timeouts;
import puente.v1.EndReason;
import puente.v1.Escalation;
import puente.v1.HelperEvent;
import puente.v1.LiveSessionInfo;
import puente.v1.Notice;
import puente.v1.RefusalReason;

/**
 * P15: first contact, then specialist. An agent offers a live session to the specialist queue or to
 * one specialist; specialists see the queue by priority then age (P17); a session whose staff all
 * left waits in the queue for a bounded time.
 */
final class Escalations {
  private final SessionEnd sessions;
  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;
  private final Timeouts timeouts;
  private final BrokerConfig.Sessions settings;
  private final Function<String, Optional<Agent>> staff;

  Escalations(
      SessionEnd sessions,
      TicketLog tickets,
      BrokerMetrics metrics,
      Clock clock,
      Timeouts timeouts,
      BrokerConfig.Sessions settings,
      Function<String, Optional<Agent>> staff) {
    this.sessions = sessions;
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
    this.timeouts = timeouts;
    this.settings = settings;
    this.staff = staff;
  }

  /**
   * Offers a live session to specialists.
   *
   * @param specialist a specialist's user name, or blank for the whole queue
   * @throws RefusalException PERMISSION_DENIED unless the caller is in the session, INVALID_REQUEST
   *     for an unknown specialist
   */
  void escalate(Agent by, LiveSession session, String specialist, String note) {
    if (session == null || session.member(by.username()) == null) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "escalation.notMember");
    }
    String to = specialist == null ? "" : specialist.trim();
    if (!to.isEmpty() && staff.apply(to).filter(a -> a.role() == Role.SPECIALIST).isEmpty()) {
      throw RefusalException.of(RefusalReason.INVALID_REQUEST, "escalation.unknownSpecialist", to);
    }
    String cleanNote = note == null ? "" : Requests.limited("note", note, 2000);
    Instant now = clock.instant();
    session.queue().setOffer(new Offer(to, by.username(), cleanNote, now));
    tickets.escalated(
        session.ticketId(),
        session.id(),
        now,
        by.username(),
        (to.isEmpty() ? "queue" : "to " + to) + (cleanNote.isEmpty() ? "" : ": " + cleanNote));
    metrics.escalated();
  }

  /**
   * The queue a member of staff may serve, by priority then age.
   *
   * @throws RefusalException PERMISSION_DENIED for first-line agents
   */
  List<Escalation> queue(Agent viewer, List<LiveSession> live) {
    if (viewer.role() == Role.AGENT) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "role.required");
    }
    Instant now = clock.instant();
    return live.stream()
        .filter(s -> s.state() == LiveSession.State.ACTIVE && s.queue().offer() != null)
        .filter(s -> viewer.role() == Role.SUPERVISOR || s.queue().offer().admits(viewer))
        .sorted(
            Comparator.comparingInt((LiveSession s) -> s.queue().priority())
                .thenComparing(s -> s.queue().offer().at()))
        .map(s -> toEscalation(s, now))
        .toList();
  }

  /**
   * Every live session with its participants.
   *
   * @throws RefusalException PERMISSION_DENIED unless the viewer supervises
   */
  List<LiveSessionInfo> supervise(Agent viewer, List<LiveSession> live) {
    if (viewer.role() != Role.SUPERVISOR) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "role.required");
    }
    return live.stream()
        .map(
            s ->
                LiveSessionInfo.newBuilder()
                    .setSessionId(s.id())
                    .setTicketId(Long.toString(s.ticketId()))
                    .setCustomerName(s.registration().customerName())
                    .setState(s.queue().queuedSince() != null ? "QUEUED" : s.state().name())
                    .addAllParticipants(Participants.list(s).getParticipantsList())
                    .setStartedAt(Events.timestamp(s.startedAt()))
                    .setBytesToAgent(s.bytesToAgent.get())
                    .setBytesToCustomer(s.bytesToCustomer.get())
                    .build())
        .toList();
  }

  /**
   * Nobody from staff is left: the session waits in the queue, the customer is told, and it ends if
   * nobody joins within the queue timeout.
   *
   * @param vanished whether the last member vanished rather than left on purpose
   */
  void returnToQueue(LiveSession session, boolean vanished) {
    Instant now = clock.instant();
    session.queue().setQueuedSince(now);
    if (session.queue().offer() == null) {
      session.queue().setOffer(new Offer("", "broker", "", now));
    }
    tickets.record(
        session.ticketId(),
        session.id(),
        now,
        "broker",
        EventKind.RETURNED_TO_QUEUE,
        "waits up to " + settings.queueTimeout());
    metrics.escalated();
    // The wait is bounded from before anyone is told of it.
    session.cancelOnEnd(
        timeouts.after(
            settings.queueTimeout(),
            () -> {
              if (now.equals(session.queue().queuedSince()) && session.members().isEmpty()) {
                sessions.end(
                    session,
                    vanished ? EndReason.AGENT_VANISHED : EndReason.QUEUE_TIMEOUT,
                    "broker",
                    null);
              }
            }));
    Link<HelperEvent> helper = session.helper();
    if (helper != null) {
      helper.send(
          Events.toCustomer(
              Events.notice(
                  Notice.Kind.RETURNED_TO_QUEUE,
                  Messages.get(session.registration().locale(), "notice.queued.customer"))));
    }
    Participants.broadcast(session);
  }

  private static Escalation toEscalation(LiveSession session, Instant now) {
    Offer offer = session.queue().offer();
    return Escalation.newBuilder()
        .setSessionId(session.id())
        .setTicketId(Long.toString(session.ticketId()))
        .setCustomerName(session.registration().customerName())
        .setCategory(session.queue().category())
        .setPriority(
            session.queue().priority() == Integer.MAX_VALUE ? 0 : session.queue().priority())
        .setEscalatedBy(offer.escalatedBy())
        .setNote(offer.note())
        .setEscalatedAt(Events.timestamp(offer.at()))
        .setWaitingSeconds(Duration.between(offer.at(), now).getSeconds())
        .setOfferedTo(offer.specialist())
        .build();
  }
}
