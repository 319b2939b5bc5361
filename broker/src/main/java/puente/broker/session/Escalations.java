package puente.broker.session;

import java.time.Clock;
import java.time.Instant;
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
 * one specialist, and a supervisor may name the specialist of a waiting one; specialists see the
 * queue by priority then age (P17); a session whose staff all left waits in the queue for a bounded
 * time.
 */
final class Escalations {
  private final SessionEnd sessions;
  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;
  private final Timeouts timeouts;
  private final BrokerConfig.Sessions settings;
  private final Function<String, Optional<Agent>> staff;
  private final QueueBoard board;

  Escalations(
      SessionEnd sessions,
      TicketLog tickets,
      BrokerMetrics metrics,
      Clock clock,
      Timeouts timeouts,
      BrokerConfig.Sessions settings,
      Function<String, Optional<Agent>> staff,
      QueueBoard board) {
    this.sessions = sessions;
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
    this.timeouts = timeouts;
    this.settings = settings;
    this.staff = staff;
    this.board = board;
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
    if (!to.isEmpty()) {
      requireSpecialist(to);
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
   * The queue a member of staff may serve, by priority then age (P17).
   *
   * @throws RefusalException PERMISSION_DENIED for first-line agents
   */
  List<Escalation> queue(Agent viewer) {
    return board.visibleTo(viewer).stream().map(Escalations::toEscalation).toList();
  }

  /**
   * A supervisor offers a waiting escalation to one specialist by name (P15). The specialist is
   * checked as for an agent's offer; the escalation keeps its age and its first offerer, and the
   * ticket records the supervisor. The specialist takes it with a join, as any offer.
   *
   * @throws RefusalException PERMISSION_DENIED unless the caller supervises or when the customer
   *     removed that specialist, SESSION_ENDED, INVALID_REQUEST for a name that is not an enabled
   *     specialist, CONFLICT when nothing is waiting any more (taken) or the specialist is in it
   */
  void assign(Agent by, LiveSession session, String specialist) {
    if (by.role() != Role.SUPERVISOR) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "role.required");
    }
    if (session == null) {
      throw RefusalException.of(RefusalReason.SESSION_ENDED, "session.ended");
    }
    String to = specialist == null ? "" : specialist.trim();
    if (to.isEmpty()) {
      throw RefusalException.of(RefusalReason.INVALID_REQUEST, "escalation.assign.noSpecialist");
    }
    requireSpecialist(to);
    Offer before;
    Instant now = clock.instant();
    synchronized (session) {
      if (session.state() == LiveSession.State.ENDED) {
        throw RefusalException.of(RefusalReason.SESSION_ENDED, "session.ended");
      }
      if (!QueueBoard.isWaiting(session)) {
        throw RefusalException.of(RefusalReason.CONFLICT, "escalation.assign.taken");
      }
      if (session.member(to) != null) {
        throw RefusalException.of(RefusalReason.CONFLICT, "escalation.assign.present", to);
      }
      if (session.wasRemoved(to)) {
        throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "escalation.assign.removed", to);
      }
      before = session.queue().offer();
      session.queue().setOffer(before.assignedTo(to, by.username()));
    }
    tickets.escalated(
        session.ticketId(),
        session.id(),
        now,
        by.username(),
        "assigned to "
            + to
            + " (was: "
            + (before.specialist().isEmpty() ? "queue" : "to " + before.specialist())
            + ")");
  }

  /** An enabled specialist by that name, or INVALID_REQUEST: the one check for every offer. */
  private void requireSpecialist(String username) {
    if (staff.apply(username).filter(a -> a.role() == Role.SPECIALIST).isEmpty()) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST, "escalation.unknownSpecialist", username);
    }
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

  private static Escalation toEscalation(QueueBoard.Waiting w) {
    return Escalation.newBuilder()
        .setSessionId(w.sessionId())
        .setTicketId(Long.toString(w.ticketId()))
        .setCustomerName(w.customerName())
        .setCategory(w.category())
        .setPriority(w.priority())
        .setEscalatedBy(w.escalatedBy())
        .setNote(w.note())
        .setEscalatedAt(Events.timestamp(w.escalatedAt()))
        .setWaitingSeconds(w.waiting().getSeconds())
        .setOfferedTo(w.offeredTo())
        .build();
  }
}
