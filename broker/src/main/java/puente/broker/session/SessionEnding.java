package puente.broker.session;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.cluster.SessionDirectory;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.TicketLog;
import puente.v1.AgentEvent;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.RefusalReason;
import puente.v1.SessionEnded;

/**
 * The one end path that every way out of a session goes through: either side ends it, a peer
 * vanishes, a timeout fires, a supervisor steps in, the broker stops. The end is written to the
 * ticket first (so nothing is lost if a notification fails), then everyone is told.
 */
final class SessionEnding implements SessionEnd {
  private static final Logger log = LoggerFactory.getLogger(SessionEnding.class);

  private final Clock clock;
  private final SessionDirectory directory;
  private final SessionTable table;
  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final RefusalRecorder refusals;

  SessionEnding(
      Clock clock,
      SessionDirectory directory,
      SessionTable table,
      TicketLog tickets,
      BrokerMetrics metrics,
      RefusalRecorder refusals) {
    this.clock = clock;
    this.directory = directory;
    this.table = table;
    this.tickets = tickets;
    this.metrics = metrics;
    this.refusals = refusals;
  }

  /**
   * Ends a session; see {@link #end(LiveSession, EndReason, String, puente.v1.Refusal,
   * RefusalReason)}.
   */
  @Override
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
    table.remove(session);
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
    for (Member member : ending.members()) {
      member
          .link()
          .send(AgentEvent.newBuilder().setEnded(Events.ended(reason, member.locale())).build());
      member.link().complete();
    }
  }

  /**
   * Ends a session at an agent's request.
   *
   * @throws RefusalException PERMISSION_DENIED unless they opened it, are in it, or supervise
   */
  void endByStaff(Agent agent, String sessionId) {
    LiveSession session = table.byId(sessionId);
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

  /** Ends every live session and takes no new ones (the broker is stopping). */
  void endAll(EndReason reason) {
    for (LiveSession session : table.close()) {
      end(session, reason, Actors.BROKER, null);
    }
  }

  /**
   * Writes the byte counts of every active session to its ticket row, so that a broker that is
   * killed leaves counts no older than the last checkpoint.
   */
  void checkpointBytes() {
    Instant now = clock.instant();
    for (LiveSession session : table.live()) {
      if (session.state() == LiveSession.State.ACTIVE) {
        try {
          tickets.checkpointBytes(
              session.id(), session.bytesToAgent.get(), session.bytesToCustomer.get(), now);
        } catch (RuntimeException e) {
          log.warn("byte checkpoint of session {} failed: {}", session.id(), e.toString());
        }
      }
    }
  }
}
