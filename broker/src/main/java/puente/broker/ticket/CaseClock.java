package puente.broker.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import puente.broker.policy.BusinessCalendar;

/**
 * The case rules that count business time: acknowledgement (P13), the import due time (P16, P18),
 * the customer's silence (P19) and the pause of a third-party wait (P24).
 */
final class CaseClock {
  private final Supplier<BusinessCalendar> calendar;
  private final TicketRules rules;

  CaseClock(Supplier<BusinessCalendar> calendar, TicketRules rules) {
    this.calendar = requireNonNull(calendar, "calendar");
    this.rules = requireNonNull(rules, "rules");
  }

  TicketRules rules() {
    return rules;
  }

  /** P13: at once during office hours, otherwise when the office next opens. */
  Instant acknowledgeAt(Instant receivedAt) {
    return calendar.get().nextOpening(receivedAt);
  }

  /** P19: the end of the silence period, or null when the ticket is not waiting on the customer. */
  Instant silenceEndsAt(Ticket ticket) {
    if (ticket.state() != TicketState.WAITING_ON_CUSTOMER || ticket.waitingSince() == null) {
      return null;
    }
    return calendar.get().plusBusinessDays(ticket.waitingSince(), rules.silenceBusinessDays());
  }

  /** P19: the silence ran out and every contact attempt failed. */
  boolean silenceRunOut(Ticket ticket, Instant at) {
    Instant ends = silenceEndsAt(ticket);
    return ends != null
        && !at.isBefore(ends)
        && ticket.contactAttempts() >= rules.contactAttempts();
  }

  /** P16: when an import whose information is complete at an instant is due. */
  Instant importDue(Instant complete) {
    return calendar.get().plusBusinessTime(complete, rules.importDue());
  }

  DueStatus dueStatus(Ticket ticket, Instant now) {
    if (ticket.dueAt() == null) {
      return DueStatus.NONE;
    }
    if (ticket.state() == TicketState.CLOSED) {
      return ticket.closedAt() != null && !ticket.closedAt().isAfter(ticket.dueAt())
          ? DueStatus.MET
          : DueStatus.OVERDUE;
    }
    if (ticket.pausedAt() != null) {
      return DueStatus.PAUSED;
    }
    if (!now.isBefore(ticket.dueAt())) {
      return DueStatus.OVERDUE;
    }
    Duration left = calendar.get().businessTimeBetween(now, ticket.dueAt());
    return left.compareTo(rules.nearDue()) <= 0 ? DueStatus.NEAR_DUE : DueStatus.ON_TIME;
  }

  /** P24: the due time moves on by the business time the third party took. */
  Instant resumedDue(Ticket ticket, Instant at) {
    if (ticket.dueAt() == null || ticket.pausedAt() == null) {
      return ticket.dueAt();
    }
    Duration left = calendar.get().businessTimeBetween(ticket.pausedAt(), ticket.dueAt());
    return left.isNegative() || left.isZero()
        ? ticket.dueAt()
        : calendar.get().plusBusinessTime(at, left);
  }
}
