package puente.broker.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalCode;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.v1.Notice;
import puente.v1.RefusalReason;

/**
 * What follows a refusal by the {@link Gate}: the sender is told why (a notice with the reason
 * code, worded in their locale), the refusal is counted in metrics, and it reaches the ticket once
 * per session, sender, kind and reason; repeats are written in aggregate when the session ends.
 * Ticket writes run off the relay path.
 */
final class RefusalRecorder {
  private static final Logger log = LoggerFactory.getLogger(RefusalRecorder.class);

  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;
  private final Executor writer;

  /**
   * @param writer runs ticket writes, so that the relay path never waits for the database
   */
  RefusalRecorder(TicketLog tickets, BrokerMetrics metrics, Clock clock, Executor writer) {
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
    this.writer = writer;
  }

  /**
   * Records a refusal and answers the sender.
   *
   * @param actor who sent it: a user name, or "customer"
   * @param reply delivers the notice to the sender
   * @param locale the sender's
   */
  void refused(
      LiveSession session,
      String actor,
      Inbound kind,
      RefusalReason reason,
      Consumer<Notice> reply,
      Locale locale) {
    metrics.gateRefused(kind.name(), reason);
    RefusalTally.Key key = new RefusalTally.Key(actor, kind, reason);
    if (session.refusals().count(key)) {
      Instant at = clock.instant();
      writer.execute(() -> write(session, at, actor, key.describe()));
    }
    reply.accept(
        Notice.newBuilder()
            .setKind(Notice.Kind.REFUSED)
            .setReason(reason)
            .setMessage(Messages.get(locale, RefusalCode.of(reason).messageKey()))
            .build());
  }

  /**
   * Records a refused open or join (policy, or a member the customer removed): counted, and on the
   * ticket before the caller answers. Not the gate's: each of these is recorded.
   *
   * @param detail what was refused and why, for the timeline
   */
  void refusedEntry(
      LiveSession session, String actor, RefusalReason reason, Instant at, String detail) {
    metrics.refused(reason);
    tickets.record(session.ticketId(), session.id(), at, actor, EventKind.REFUSED, detail);
  }

  /** Writes the repeats counted since the first of each kind; called as the session ends. */
  void flushRepeats(LiveSession session) {
    Instant at = clock.instant();
    for (RefusalTally.Repeats repeats : session.refusals().drainRepeats()) {
      write(
          session,
          at,
          repeats.key().actor(),
          repeats.key().describe() + " repeated " + repeats.count() + " more time(s)");
    }
  }

  private void write(LiveSession session, Instant at, String actor, String detail) {
    try {
      tickets.record(session.ticketId(), session.id(), at, actor, EventKind.RELAY_REFUSED, detail);
    } catch (RuntimeException e) {
      log.error("could not record a refusal on ticket {}: {}", session.ticketId(), e.toString());
    }
  }
}
