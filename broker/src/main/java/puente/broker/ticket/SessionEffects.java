package puente.broker.ticket;

import static puente.broker.ticket.TimelineText.moved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a live session does to its case as it goes through its life. A closed case is left as it is
 * (P20: never reopened); the session's timeline entry is written on it all the same.
 */
final class SessionEffects {
  private SessionEffects() {}

  /** P21, P19: a helper registered again for this open case; a wait on the customer ends. */
  static Change helperAttached(Ticket ticket, String hostname, Instant at) {
    List<Change.Event> events = new ArrayList<>();
    events.add(new Change.Event(EventKind.HELPER_ATTACHED, hostname));
    Ticket.Builder after = ticket.toBuilder();
    if (ticket.state() == TicketState.WAITING_ON_CUSTOMER) {
      after.state(TicketState.IN_PROGRESS, at).waiting(null, 0, null);
      events.add(
          new Change.Event(
              EventKind.CUSTOMER_CONTACT,
              moved(ticket, TicketState.IN_PROGRESS) + " helper registered"));
    }
    return new Change(after.build(), events);
  }

  /** P17: the admitted category and its priority go on the case. */
  static Change consentRequested(
      Ticket ticket, String category, int priority, String detail, Instant at) {
    Ticket after =
        ticket.state().isOpen()
            ? ticket.toBuilder().category(category, priority).state(ticket.state(), at).build()
            : ticket;
    return new Change(after, List.of(new Change.Event(EventKind.CONSENT_REQUESTED, detail)));
  }

  /**
   * P19: the customer accepted, which is contact, so a wait on the customer ends and a case not yet
   * worked on is now in progress; the opener takes an unassigned case.
   */
  static Change sessionStarted(Ticket ticket, String opener, String access, Instant at) {
    Ticket after = ticket;
    if (ticket.state().isOpen()) {
      TicketState state =
          ticket.state() == TicketState.NEW || ticket.state() == TicketState.WAITING_ON_CUSTOMER
              ? TicketState.IN_PROGRESS
              : ticket.state();
      Ticket.Builder changed = ticket.toBuilder().state(state, at).waiting(null, 0, null);
      if (ticket.assignee() == null) {
        changed.assignee(opener);
      }
      after = changed.build();
    }
    return new Change(after, List.of(new Change.Event(EventKind.SESSION_STARTED, access)));
  }

  /** P15: the case goes to the specialists. */
  static Change escalated(Ticket ticket, String detail, Instant at) {
    Ticket after =
        ticket.state().isOpen()
            ? ticket.toBuilder().state(TicketState.ESCALATED, at).build()
            : ticket;
    return new Change(after, List.of(new Change.Event(EventKind.ESCALATED, detail)));
  }
}
