package puente.broker.refusal;

import java.time.Instant;
import java.util.List;
import puente.v1.RefusalReason;

/**
 * The durable record of refused support requests, for supervisors: every policy refusal (at
 * registration, at opening, at joining) and the gate's refusals inside a session, whether or not a
 * ticket was opened. Metrics count the same refusals; this keeps who, what and what they were told,
 * for a bounded number of days.
 */
public interface RefusalLog {
  /** Where in a request's life the refusal happened. Stored by name: never rename. */
  enum Stage {
    /** A helper asked for a code (P1, P22, P25, P26): no ticket is opened. */
    REGISTRATION,
    /** An agent opened the code and the policy said no. */
    OPENING,
    /** A member of staff tried to join a live session. */
    JOINING,
    /** The session's gate refused a message (grant, control, pause, consent). */
    SESSION
  }

  /**
   * One refused request, or several alike.
   *
   * @param at when it (the first of them) happened
   * @param reason the stable reason code
   * @param stage where it happened
   * @param ticketId the ticket it is recorded on, or null when none was opened
   * @param licenceKey the licence as reported, or null
   * @param customer the licence's customer, or null when unknown
   * @param product the product as reported, or null
   * @param version the installed version as reported, or null
   * @param actor who was refused: a staff user name, or "customer"
   * @param shown the message the refused party was shown, in their language
   * @param repeats how many alike this stands for (at least 1)
   */
  record Entry(
      Instant at,
      RefusalReason reason,
      Stage stage,
      Long ticketId,
      String licenceKey,
      String customer,
      String product,
      String version,
      String actor,
      String shown,
      long repeats) {
    /** Checks the count. */
    public Entry {
      if (repeats < 1) {
        throw new IllegalArgumentException("repeats: " + repeats + " (expected: >= 1)");
      }
    }
  }

  /**
   * How many refusals one reason had in a span.
   *
   * @param reason the reason
   * @param count refusals, repeats included
   */
  record Count(RefusalReason reason, long count) {}

  /**
   * Records a refusal. Never throws for a storage failure: the refusal stands and is counted in
   * metrics whatever happens here; the failure is logged.
   */
  void record(Entry entry);

  /**
   * Refusals by reason in {@code [from, before)}, most first.
   *
   * @return one count per reason that had any
   */
  List<Count> counts(Instant from, Instant before);

  /**
   * The refusals of one reason in {@code [from, before)}, newest first.
   *
   * @param limit at most this many entries
   */
  List<Entry> entries(RefusalReason reason, Instant from, Instant before, int limit);
}
