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
import puente.broker.refusal.RefusalLog;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.v1.Notice;
import puente.v1.RefusalReason;

/**
 * What follows a refusal by the {@link Gate}: the sender is told why (a notice with the reason
 * code, worded in their locale), the refusal is counted in metrics, and it reaches the ticket once
 * per session, sender, kind and reason; repeats are written in aggregate when the session ends.
 * Ticket writes run off the relay path. Every refusal recorded here, and the policy's refusals of
 * registrations that open no ticket, also reach the {@link RefusalLog} the console reads.
 */
final class RefusalRecorder {
  private static final Logger log = LoggerFactory.getLogger(RefusalRecorder.class);

  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;
  private final Executor writer;
  private final RefusalLog refusalLog;

  /**
   * @param writer runs ticket writes, so that the relay path never waits for the database
   * @param log the console's record of refusals
   */
  RefusalRecorder(
      TicketLog tickets, BrokerMetrics metrics, Clock clock, Executor writer, RefusalLog log) {
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
    this.writer = writer;
    this.refusalLog = log;
  }

  /**
   * Records a registration the policy refused (P1, P22, P25, P26): counted and logged, with no
   * ticket (see {@link Registrar}).
   *
   * @param customer the licence's customer, or null when the licence is unknown
   * @param shown the message the helper shows
   */
  void refusedRegistration(
      RefusalReason reason,
      String licenceKey,
      String customer,
      String product,
      String version,
      Instant at,
      String shown) {
    metrics.refused(reason);
    refusalLog.record(
        new RefusalLog.Entry(
            at,
            reason,
            RefusalLog.Stage.REGISTRATION,
            null,
            licenceKey,
            customer,
            product,
            version,
            Actors.CUSTOMER,
            shown,
            1));
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
    String message = Messages.get(locale, RefusalCode.of(reason).messageKey());
    if (session.refusals().count(key)) {
      Instant at = clock.instant();
      writer.execute(
          () -> {
            write(session, at, actor, key.describe());
            refusalLog.record(
                entry(session, at, reason, RefusalLog.Stage.SESSION, actor, message, 1));
          });
    }
    reply.accept(
        Notice.newBuilder()
            .setKind(Notice.Kind.REFUSED)
            .setReason(reason)
            .setMessage(message)
            .build());
  }

  /**
   * Records a refused open or join (policy, or a member the customer removed): counted, and on the
   * ticket before the caller answers. Not the gate's: each of these is recorded.
   *
   * @param stage opening or joining
   * @param detail what was refused and why, for the timeline
   * @param shown the message the refused party is shown
   */
  void refusedEntry(
      LiveSession session,
      String actor,
      RefusalReason reason,
      Instant at,
      RefusalLog.Stage stage,
      String detail,
      String shown) {
    metrics.refused(reason);
    tickets.record(session.ticketId(), session.id(), at, actor, EventKind.REFUSED, detail);
    refusalLog.record(entry(session, at, reason, stage, actor, shown, 1));
  }

  /**
   * Records a consent the customer declined or let run out: counted and logged as the agent's
   * refused opening; the ticket has its own entry.
   *
   * @param agent the user name of the agent who asked
   * @param shown the message the agent is shown
   */
  void declined(LiveSession session, String agent, Instant at, String shown) {
    metrics.refused(RefusalReason.CONSENT_REFUSED);
    refusalLog.record(
        entry(
            session, at, RefusalReason.CONSENT_REFUSED, RefusalLog.Stage.OPENING, agent, shown, 1));
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
      refusalLog.record(
          entry(
              session,
              at,
              repeats.key().reason(),
              RefusalLog.Stage.SESSION,
              repeats.key().actor(),
              null,
              repeats.count()));
    }
  }

  private static RefusalLog.Entry entry(
      LiveSession session,
      Instant at,
      RefusalReason reason,
      RefusalLog.Stage stage,
      String actor,
      String shown,
      long repeats) {
    Registration r = session.registration();
    return new RefusalLog.Entry(
        at,
        reason,
        stage,
        session.ticketId(),
        r.licenceKey(),
        r.customerName(),
        r.product(),
        r.installedVersion(),
        actor,
        shown,
        repeats);
  }

  private void write(LiveSession session, Instant at, String actor, String detail) {
    try {
      tickets.record(session.ticketId(), session.id(), at, actor, EventKind.RELAY_REFUSED, detail);
    } catch (RuntimeException e) {
      log.error("could not record a refusal on ticket {}: {}", session.ticketId(), e.toString());
    }
  }
}
