package puente.broker.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * Staff's work on tickets: runs each command through the {@link TicketLifecycle} against the ticket
 * as stored, saves the change with its timeline entries, and records refused changes on the
 * timeline too. The gRPC and HTTP edges call this; the rules live in the lifecycle.
 */
public final class TicketDesk {
  private final CaseBook cases;
  private final TicketLog log;
  private final TicketLifecycle lifecycle;
  private final Clock clock;

  /**
   * A desk.
   *
   * @param cases where tickets are read and changed
   * @param log where timelines are read
   * @param lifecycle the rules
   * @param clock the time of every change
   */
  public TicketDesk(CaseBook cases, TicketLog log, TicketLifecycle lifecycle, Clock clock) {
    this.cases = requireNonNull(cases, "cases");
    this.log = requireNonNull(log, "log");
    this.lifecycle = requireNonNull(lifecycle, "lifecycle");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Applies a command to a ticket.
   *
   * @return the ticket afterwards
   * @throws RefusalException TICKET_NOT_FOUND, TICKET_TRANSITION_REFUSED (also recorded on the
   *     ticket's timeline), INVALID_REQUEST
   */
  public Ticket apply(long ticketId, TicketCommand command, String actor) {
    Instant now = clock.instant();
    try {
      return cases.change(ticketId, t -> lifecycle.apply(t, command, actor, now), now, actor);
    } catch (RefusalException refused) {
      if (refused.reason() == RefusalReason.TICKET_TRANSITION_REFUSED) {
        cases.record(
            ticketId,
            now,
            actor,
            EventKind.CHANGE_REFUSED,
            refused.reason() + " " + command.getClass().getSimpleName());
      }
      throw refused;
    }
  }

  /**
   * Closes a ticket as a duplicate of another open one, with a link both ways (P21).
   *
   * @throws RefusalException TICKET_NOT_FOUND for either ticket, TICKET_TRANSITION_REFUSED when the
   *     other ticket is closed (link to an open case) or this one is
   */
  public Ticket markDuplicate(long ticketId, long of, String actor) {
    Ticket original =
        cases
            .find(of)
            .orElseThrow(
                () ->
                    RefusalException.of(
                        RefusalReason.TICKET_NOT_FOUND, "ticket.notFound", Long.toString(of)));
    if (!original.state().isOpen() && ticketId != of) {
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED, "ticket.duplicate.closed", Long.toString(of));
    }
    Ticket closed = apply(ticketId, new TicketCommand.MarkDuplicate(of), actor);
    cases.record(of, clock.instant(), actor, EventKind.DUPLICATE_LINKED, "duplicate=" + ticketId);
    return closed;
  }

  /**
   * Opens a new ticket for a customer asking again about a closed case, linked to it (P20: a closed
   * case is never reopened).
   *
   * @return the new ticket
   * @throws RefusalException TICKET_NOT_FOUND, or TICKET_TRANSITION_REFUSED when the ticket is
   *     still open (add a note to it instead)
   */
  public Ticket openFollowUp(long closedId, String actor, String note) {
    Ticket closed = find(closedId);
    if (closed.state().isOpen()) {
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED, "ticket.followUp.open", Long.toString(closedId));
    }
    Instant now = clock.instant();
    long id = cases.openFollowUp(closed, actor, note, now, lifecycle.acknowledgeAt(now));
    return find(id);
  }

  /**
   * Reads a ticket.
   *
   * @throws RefusalException TICKET_NOT_FOUND
   */
  public Ticket find(long ticketId) {
    return cases
        .find(ticketId)
        .orElseThrow(
            () ->
                RefusalException.of(
                    RefusalReason.TICKET_NOT_FOUND, "ticket.notFound", Long.toString(ticketId)));
  }

  /** A ticket's timeline, oldest first. */
  public List<TimelineEntry> timeline(long ticketId) {
    return log.timeline(ticketId);
  }

  /**
   * The queue: open tickets by priority then age (P17).
   *
   * @param assignee whose tickets (with the unassigned ones), or null for everyone's
   * @param state only this state, or null for every open state
   * @param limit at most this many
   */
  public List<TicketView> queue(String assignee, TicketState state, int limit) {
    return views(cases.queue(assignee, state, limit));
  }

  /** A page of tickets, newest first, for integrations. */
  public CaseBook.Page page(TicketState state, int page, int size) {
    return cases.page(state, page, size);
  }

  /** A page of the tickets a staff search lets through, newest first. */
  public CaseBook.Page search(TicketFilter filter, int page, int size) {
    return cases.search(filter, page, size);
  }

  /** Views of tickets now, with their billable time read in one query. */
  public List<TicketView> views(List<Ticket> tickets) {
    Instant now = clock.instant();
    Map<Long, Duration> billable = cases.billable(tickets.stream().map(Ticket::id).toList());
    return tickets.stream()
        .map(t -> view(t, now, billable.getOrDefault(t.id(), Duration.ZERO)))
        .toList();
  }

  /** The view of one ticket now. */
  public TicketView view(Ticket ticket) {
    return views(List.of(ticket)).get(0);
  }

  private TicketView view(Ticket t, Instant now, Duration billable) {
    Instant end = t.closedAt() == null ? now : t.closedAt();
    return new TicketView(
        t,
        lifecycle.dueStatus(t, now),
        lifecycle.silenceEndsAt(t),
        billable,
        Duration.between(t.openedAt(), end));
  }
}
