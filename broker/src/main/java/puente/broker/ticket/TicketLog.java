package puente.broker.ticket;

import java.time.Instant;

/**
 * The ticket side of a live session: what the session core writes to a support ticket as a session
 * goes through its life. Each call is one durable write; a call that returns has committed. The
 * store implements it; the session core never sees SQL.
 */
public interface TicketLog {
  /**
   * Opens a ticket for a helper's registration and its session row.
   *
   * @return the ticket id
   */
  long openTicket(NewTicket ticket, String sessionId, Instant at);

  /** Records one event on a ticket's timeline. */
  void record(
      long ticketId, String sessionId, Instant at, String actor, EventKind kind, String detail);

  /** An agent opened the code: what admission allowed, and that the customer is being asked. */
  void consentRequested(
      long ticketId,
      String sessionId,
      Instant at,
      String actor,
      String category,
      int priority,
      boolean billable,
      String detail);

  /** The customer accepted and relaying started, in one write. */
  void consentGivenAndStarted(
      long ticketId, String sessionId, String access, long agentId, Instant at, String actor);

  /** The session was offered to specialists (P15). */
  void escalated(long ticketId, String sessionId, Instant at, String actor, String detail);

  /** A member of staff joined the session. */
  void joined(
      long ticketId,
      String sessionId,
      String participant,
      String displayName,
      String role,
      Instant at);

  /** A member of staff left or was taken out. */
  void left(long ticketId, String sessionId, String participant, Instant at, String why);

  /** The session ended: its end record with the bytes relayed each way. */
  void ended(
      long ticketId,
      String sessionId,
      String endReason,
      String refusalReason,
      long bytesToAgent,
      long bytesToCustomer,
      Instant at,
      String actor);

  /** A ticket's whole timeline, oldest first. */
  java.util.List<TimelineEntry> timeline(long ticketId);

  /**
   * The byte counts so far, so that a killed broker leaves counts no older than this, and an end no
   * later than this (P8).
   *
   * @param at when the counts were taken
   */
  void checkpointBytes(String sessionId, long bytesToAgent, long bytesToCustomer, Instant at);
}
