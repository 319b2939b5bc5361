package puente.broker.ticket;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where tickets are kept between staff's changes: read, changed as the {@link TicketLifecycle}
 * decides, listed. The rules decide; this only persists what they decided. The store implements it.
 */
public interface CaseBook {
  /** A page of tickets and how many there are in all. */
  record Page(List<Ticket> items, long total) {}

  /** Reads a ticket as it is now. */
  Optional<Ticket> find(long id);

  /**
   * Changes a ticket: reads it, computes the change, and saves it with its timeline entries if
   * nobody changed the ticket meanwhile; otherwise reads it again and recomputes, so that two
   * concurrent changes are both applied (or the later one refused) and none is lost.
   *
   * @param change a pure function from the ticket as read to its change; may throw a refusal
   * @return the ticket after the change
   */
  Ticket change(long id, Function<Ticket, Change> change, Instant at, String actor);

  /** Records one event on a ticket's timeline. */
  void record(long ticketId, Instant at, String actor, EventKind kind, String detail);

  /**
   * Opens a follow-up of a closed ticket.
   *
   * @return the new ticket's id
   */
  long openFollowUp(Ticket closed, String actor, String note, Instant at, Instant acknowledgeAt);

  /** Open tickets by priority then age (P17). */
  List<Ticket> queue(String assignee, TicketState state, int limit);

  /** A page of tickets, newest first. */
  Page page(TicketState state, int page, int size);

  /** A page of the tickets a filter lets through, newest first. */
  Page search(TicketFilter filter, int page, int size);

  /** Tickets the periodic sweep may have to act on at an instant (P13, P19). */
  List<Long> sweepCandidates(Instant now);

  /** Billable advisory time of tickets (P8), by ticket id. */
  Map<Long, Duration> billable(Collection<Long> ticketIds);
}
