package puente.broker.ticket;

import static java.util.Objects.requireNonNull;
import static puente.broker.ticket.TimelineText.join;
import static puente.broker.ticket.TimelineText.moved;
import static puente.broker.ticket.TimelineText.one;
import static puente.broker.ticket.TimelineText.required;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import puente.broker.i18n.Messages;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.TicketCommand.Close;
import puente.broker.ticket.TicketCommand.HandToDevelopment;
import puente.broker.ticket.TicketCommand.HandToThirdParty;
import puente.broker.ticket.TicketCommand.InformationComplete;
import puente.broker.ticket.TicketCommand.LogContact;
import puente.broker.ticket.TicketCommand.MarkDuplicate;
import puente.broker.ticket.TicketCommand.ThirdPartyDelivered;
import puente.broker.ticket.TicketCommand.WaitOnCustomer;
import puente.v1.RefusalReason;

/** Staff's commands on an open case: waits, contacts, hand-offs and closing (P16, P19–P24). */
final class CaseCommands {
  private static final Set<TicketState> WORKING =
      EnumSet.of(TicketState.NEW, TicketState.IN_PROGRESS, TicketState.ESCALATED);

  private final CaseClock clock;

  CaseCommands(CaseClock clock) {
    this.clock = clock;
  }

  /**
   * Applies a command to an open ticket.
   *
   * @param after the ticket's builder, with the assignee already settled
   */
  Change apply(Ticket ticket, Ticket.Builder after, TicketCommand command, Instant at) {
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
      return development(ticket, after, dev, at);
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
      Instant due = clock.resumedDue(ticket, at);
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
          join(
              "NO_ANSWER attempt=" + attempts + "/" + clock.rules().contactAttempts(),
              contact.note()));
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
    if (clock.rules().importCategory().equalsIgnoreCase(String.valueOf(ticket.category()))) {
      // P16: an import is due 48 business hours after the information is complete.
      due = clock.importDue(at);
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
    if (reason == CloseReason.NO_RESPONSE && !clock.silenceRunOut(ticket, at)) {
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED,
          "ticket.noResponse.early",
          clock.rules().silenceBusinessDays(),
          clock.rules().contactAttempts());
    }
    after.closed(reason, at);
    return one(
        after,
        EventKind.CLOSED,
        join(moved(ticket, TicketState.CLOSED) + " " + reason, close.note()));
  }

  private static Change development(
      Ticket ticket, Ticket.Builder after, HandToDevelopment dev, Instant at) {
    allow(ticket, dev, EnumSet.of(TicketState.IN_PROGRESS, TicketState.ESCALATED));
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

  private static void allow(Ticket ticket, TicketCommand command, Set<TicketState> from) {
    if (!from.contains(ticket.state())) {
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED,
          "ticket.transition",
          Long.toString(ticket.id()),
          new Messages.StateWord(ticket.state().name()),
          new Messages.Text("ticket.action." + command.getClass().getSimpleName()));
    }
  }
}
