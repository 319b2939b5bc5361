package puente.broker.ticket;

import static puente.broker.ticket.TimelineText.moved;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the broker's periodic sweep does to a case on its own: P13 and P19. */
final class CaseSweep {
  private final CaseClock clock;

  CaseSweep(CaseClock clock) {
    this.clock = clock;
  }

  /** The changes due at an instant; no events when nothing is due. */
  Change sweep(Ticket ticket, Instant at) {
    List<Change.Event> events = new ArrayList<>();
    Ticket.Builder after = ticket.toBuilder();
    if (!ticket.state().isOpen()) {
      return new Change(ticket, events);
    }
    if (!ticket.acknowledged()
        && ticket.acknowledgeAt() != null
        && !at.isBefore(ticket.acknowledgeAt())) {
      after.acknowledged(ticket.acknowledgeAt());
      events.add(new Change.Event(EventKind.ACKNOWLEDGED, "P13 office opened"));
    }
    TicketRules rules = clock.rules();
    if (ticket.state() == TicketState.WAITING_ON_CUSTOMER
        && !at.isBefore(clock.silenceEndsAt(ticket))) {
      if (ticket.contactAttempts() >= rules.contactAttempts()) {
        // P19: silence for the whole period and every attempt failed: the case closes itself.
        after.closed(CloseReason.NO_RESPONSE, at);
        events.add(
            new Change.Event(
                EventKind.CLOSED,
                moved(ticket, TicketState.CLOSED)
                    + " NO_RESPONSE business_days="
                    + rules.silenceBusinessDays()
                    + " attempts="
                    + ticket.contactAttempts()));
      } else if (ticket.remindedAt() == null) {
        after.waiting(ticket.waitingSince(), ticket.contactAttempts(), at);
        events.add(
            new Change.Event(
                EventKind.CONTACT_REMINDER,
                "attempts=" + ticket.contactAttempts() + "/" + rules.contactAttempts()));
      }
    }
    if (!events.isEmpty()) {
      after.state(after.build().state(), at);
    }
    return new Change(after.build(), events);
  }
}
