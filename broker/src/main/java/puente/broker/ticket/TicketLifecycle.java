package puente.broker.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import puente.broker.i18n.Messages;
import puente.broker.policy.BusinessCalendar;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.TicketCommand.AddNote;
import puente.broker.ticket.TicketCommand.Close;
import puente.broker.ticket.TicketCommand.HandToDevelopment;
import puente.broker.ticket.TicketCommand.HandToThirdParty;
import puente.broker.ticket.TicketCommand.InformationComplete;
import puente.broker.ticket.TicketCommand.LogContact;
import puente.broker.ticket.TicketCommand.MarkDuplicate;
import puente.broker.ticket.TicketCommand.Sweep;
import puente.broker.ticket.TicketCommand.ThirdPartyDelivered;
import puente.broker.ticket.TicketCommand.WaitOnCustomer;
import puente.v1.RefusalReason;

/**
 * The support case lifecycle as a pure state machine: a ticket value and a command in, the changed
 * ticket and its timeline entries out, or a refusal with a stable reason. Time comes in as
 * arguments and business time from the policy's {@link BusinessCalendar}; nothing here does I/O, so
 * every rule is testable with fixed instants.
 */
public final class TicketLifecycle {
  private static final String BROKER = "broker";

  /** The timeline's detail column holds 2000 characters. */
  private static final int MAX_DETAIL = 2000;

  private static final Set<TicketState> WORKING =
      EnumSet.of(TicketState.NEW, TicketState.IN_PROGRESS, TicketState.ESCALATED);

  private final Supplier<BusinessCalendar> calendar;
  private final TicketRules rules;

  /**
   * A lifecycle.
   *
   * @param calendar the office calendar in force (read on every decision, so reloads apply)
   * @param rules the numbers of the case rules
   */
  public TicketLifecycle(Supplier<BusinessCalendar> calendar, TicketRules rules) {
    this.calendar = requireNonNull(calendar, "calendar");
    this.rules = requireNonNull(rules, "rules");
  }

  /** The lifecycle under the vendor's default policy and rules. */
  public static TicketLifecycle defaults() {
    return new TicketLifecycle(() -> SupportPolicy.defaults().calendar(), TicketRules.defaults());
  }

  /** The rules' numbers. */
  public TicketRules rules() {
    return rules;
  }

  /**
   * When a ticket received at an instant is acknowledged (P13): at once during office hours,
   * otherwise when the office next opens.
   */
  public Instant acknowledgeAt(Instant receivedAt) {
    return calendar.get().nextOpening(receivedAt);
  }

  /**
   * When the customer's silence ends a P19 wait: the silence period in business days after the wait
   * started, or null when the ticket is not waiting on the customer.
   */
  public Instant silenceEndsAt(Ticket ticket) {
    if (ticket.state() != TicketState.WAITING_ON_CUSTOMER || ticket.waitingSince() == null) {
      return null;
    }
    return calendar.get().plusBusinessDays(ticket.waitingSince(), rules.silenceBusinessDays());
  }

  /** How the P16 due time of a ticket stands at an instant. */
  public DueStatus dueStatus(Ticket ticket, Instant now) {
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

  /**
   * A helper registered again for this open case (P21): the customer is in touch, which stops the
   * silence clock of a wait (P19).
   */
  public Change helperAttached(Ticket ticket, String hostname, Instant at) {
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

  /**
   * Applies a command.
   *
   * @param ticket the ticket as last read
   * @param command what is asked
   * @param actor who asks: an agent's user name, or "broker" for the sweep
   * @param at when
   * @return the changed ticket and its timeline entries; empty for a sweep with nothing due
   * @throws RefusalException TICKET_TRANSITION_REFUSED when the state does not allow it,
   *     INVALID_REQUEST for a missing field
   */
  public Change apply(Ticket ticket, TicketCommand command, String actor, Instant at) {
    requireNonNull(at, "at");
    if (command instanceof AddNote note) {
      return one(ticket.toBuilder(), EventKind.NOTE, required(note.text(), "text"));
    }
    if (command instanceof Sweep) {
      return sweep(ticket, at);
    }
    if (!ticket.state().isOpen()) {
      // P20: a closed case is never reopened; the message points to a follow-up ticket.
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED, "ticket.closed", Long.toString(ticket.id()));
    }
    Ticket.Builder after = ticket.toBuilder();
    if (ticket.assignee() == null && !BROKER.equals(actor)) {
      after.assignee(actor);
    }
    if (command instanceof WaitOnCustomer wait) {
      allow(
          ticket,
          command,
          EnumSet.of(
              TicketState.NEW,
              TicketState.IN_PROGRESS,
              TicketState.ESCALATED,
              TicketState.WAITING_ON_DEVELOPMENT));
      after.state(TicketState.WAITING_ON_CUSTOMER, at).waiting(at, 0, null);
      return one(
          after,
          EventKind.WAITING_ON_CUSTOMER,
          join(moved(ticket, TicketState.WAITING_ON_CUSTOMER), wait.note()));
    }
    if (command instanceof LogContact contact) {
      return contact(ticket, after, contact, at);
    }
    if (command instanceof InformationComplete complete) {
      return informationComplete(ticket, after, complete, at);
    }
    if (command instanceof MarkDuplicate duplicate) {
      if (duplicate.of() == ticket.id()) {
        throw RefusalException.of(
            RefusalReason.INVALID_REQUEST,
            "request.invalid",
            "duplicate_of: " + duplicate.of() + " (expected: another ticket)");
      }
      after.closed(CloseReason.DUPLICATE, at).duplicateOf(duplicate.of());
      return one(
          after,
          EventKind.CLOSED,
          moved(ticket, TicketState.CLOSED) + " DUPLICATE of=" + duplicate.of());
    }
    if (command instanceof Close close) {
      return close(ticket, after, close, at);
    }
    if (command instanceof HandToDevelopment dev) {
      allow(ticket, command, EnumSet.of(TicketState.IN_PROGRESS, TicketState.ESCALATED));
      // P23: only a problem the advisor reproduced completely goes to development.
      if (!dev.reproduced() || dev.promisedRelease() == null || dev.promisedRelease().isBlank()) {
        throw RefusalException.of(
            RefusalReason.TICKET_TRANSITION_REFUSED, "ticket.development.unreproduced");
      }
      after
          .state(TicketState.WAITING_ON_DEVELOPMENT, at)
          .development(true, dev.promisedRelease().strip());
      return one(
          after,
          EventKind.HANDED_TO_DEVELOPMENT,
          join(
              moved(ticket, TicketState.WAITING_ON_DEVELOPMENT)
                  + " reproduced release="
                  + dev.promisedRelease().strip(),
              dev.note()));
    }
    if (command instanceof HandToThirdParty party) {
      allow(ticket, command, WORKING);
      String who = required(party.thirdParty(), "third_party");
      // P24: the due clock stops while the third party works.
      boolean running = ticket.dueAt() != null && ticket.pausedAt() == null;
      after
          .state(TicketState.WAITING_ON_THIRD_PARTY, at)
          .thirdParty(who, null)
          .due(ticket.informationCompleteAt(), ticket.dueAt(), running ? at : ticket.pausedAt());
      return one(
          after,
          EventKind.HANDED_TO_THIRD_PARTY,
          join(moved(ticket, TicketState.WAITING_ON_THIRD_PARTY) + " party=" + who, party.note()));
    }
    if (command instanceof ThirdPartyDelivered delivered) {
      allow(ticket, command, EnumSet.of(TicketState.WAITING_ON_THIRD_PARTY));
      Instant due = resumedDue(ticket, at);
      after
          .state(TicketState.IN_PROGRESS, at)
          .thirdParty(ticket.thirdParty(), at)
          .due(ticket.informationCompleteAt(), due, null);
      return one(
          after,
          EventKind.THIRD_PARTY_DELIVERED,
          join(
              moved(ticket, TicketState.IN_PROGRESS) + (due == null ? "" : " due=" + due),
              delivered.note()));
    }
    throw new IllegalArgumentException("command: " + command);
  }

  private Change contact(Ticket ticket, Ticket.Builder after, LogContact contact, Instant at) {
    requireNonNull(contact.outcome(), "outcome");
    if (contact.outcome() == ContactOutcome.NO_ANSWER) {
      // P19: the attempts count during a wait on the customer; elsewhere a failed call is a note.
      allow(ticket, contact, EnumSet.of(TicketState.WAITING_ON_CUSTOMER));
      int attempts = ticket.contactAttempts() + 1;
      after.waiting(ticket.waitingSince(), attempts, ticket.remindedAt());
      after.state(TicketState.WAITING_ON_CUSTOMER, at);
      return one(
          after,
          EventKind.CONTACT_ATTEMPT,
          join("NO_ANSWER attempt=" + attempts + "/" + rules.contactAttempts(), contact.note()));
    }
    String detail = contact.outcome().name();
    if (ticket.state() == TicketState.WAITING_ON_CUSTOMER) {
      // P19: any contact with the customer stops the clock.
      after.state(TicketState.IN_PROGRESS, at).waiting(null, 0, null);
      detail = moved(ticket, TicketState.IN_PROGRESS) + " " + detail;
    } else {
      after.state(ticket.state(), at);
    }
    return one(after, EventKind.CUSTOMER_CONTACT, join(detail, contact.note()));
  }

  private Change informationComplete(
      Ticket ticket, Ticket.Builder after, InformationComplete complete, Instant at) {
    if (ticket.informationCompleteAt() != null) {
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED,
          "ticket.information.already",
          Long.toString(ticket.id()));
    }
    String detail = "";
    Instant due = null;
    if (rules.importCategory().equalsIgnoreCase(String.valueOf(ticket.category()))) {
      // P16: an import is due 48 business hours after the information is complete.
      due = calendar.get().plusBusinessTime(at, rules.importDue());
      detail = "due=" + due;
    }
    after.due(at, due, null);
    if (ticket.state() == TicketState.WAITING_ON_CUSTOMER) {
      // The customer sent what was asked: that is contact, and the P19 clock stops.
      after.state(TicketState.IN_PROGRESS, at).waiting(null, 0, null);
      detail = join(moved(ticket, TicketState.IN_PROGRESS), detail);
    } else {
      after.state(ticket.state(), at);
    }
    return one(after, EventKind.INFORMATION_COMPLETE, join(detail, complete.note()));
  }

  private Change close(Ticket ticket, Ticket.Builder after, Close close, Instant at) {
    CloseReason reason = requireNonNull(close.reason(), "reason");
    if (reason == CloseReason.DUPLICATE) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST,
          "request.invalid",
          "reason: DUPLICATE (expected: mark the duplicate with the ticket it duplicates)");
    }
    if (reason == CloseReason.NO_RESPONSE && !silenceRunOut(ticket, at)) {
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED,
          "ticket.noResponse.early",
          rules.silenceBusinessDays(),
          rules.contactAttempts());
    }
    after.closed(reason, at);
    return one(
        after,
        EventKind.CLOSED,
        join(moved(ticket, TicketState.CLOSED) + " " + reason, close.note()));
  }

  /** P13 and P19, run by the broker's periodic sweep. */
  private Change sweep(Ticket ticket, Instant at) {
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
    if (ticket.state() == TicketState.WAITING_ON_CUSTOMER && !at.isBefore(silenceEndsAt(ticket))) {
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

  private boolean silenceRunOut(Ticket ticket, Instant at) {
    Instant ends = silenceEndsAt(ticket);
    return ends != null
        && !at.isBefore(ends)
        && ticket.contactAttempts() >= rules.contactAttempts();
  }

  /** P24: the due time moves on by the business time the third party took. */
  private Instant resumedDue(Ticket ticket, Instant at) {
    if (ticket.dueAt() == null || ticket.pausedAt() == null) {
      return ticket.dueAt();
    }
    Duration left = calendar.get().businessTimeBetween(ticket.pausedAt(), ticket.dueAt());
    return left.isNegative() || left.isZero()
        ? ticket.dueAt()
        : calendar.get().plusBusinessTime(at, left);
  }

  private static void allow(Ticket ticket, TicketCommand command, Set<TicketState> from) {
    if (!from.contains(ticket.state())) {
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED,
          "ticket.transition",
          Long.toString(ticket.id()),
          new Messages.Text("ticket.state." + ticket.state().name()),
          new Messages.Text("ticket.action." + command.getClass().getSimpleName()));
    }
  }

  private static Change one(Ticket.Builder after, EventKind kind, String detail) {
    if (detail != null && detail.length() > MAX_DETAIL) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST,
          "request.invalid",
          "note: " + detail.length() + " characters (expected: at most " + MAX_DETAIL + ")");
    }
    return new Change(after.build(), List.of(new Change.Event(kind, detail)));
  }

  private static String moved(Ticket ticket, TicketState to) {
    return ticket.state() == to ? "" : ticket.state() + "->" + to;
  }

  private static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST, "request.invalid", field + ": empty (expected: text)");
    }
    return value.strip();
  }

  private static String join(String first, String note) {
    String a = first == null ? "" : first.strip();
    String b = note == null ? "" : note.strip();
    if (a.isEmpty()) {
      return b.isEmpty() ? null : b;
    }
    return b.isEmpty() ? a : a + "; " + b;
  }
}
