package puente.broker.ticket;

/**
 * What staff (or the broker's sweep) ask of a ticket. Each command is a value; {@link
 * TicketLifecycle#apply} decides whether the ticket's state allows it.
 */
public sealed interface TicketCommand {
  /** A note on the timeline; changes no state. */
  record AddNote(String text) implements TicketCommand {}

  /** Waiting on the customer starts the P19 clock. */
  record WaitOnCustomer(String note) implements TicketCommand {}

  /** A contact with the customer (P19). */
  record LogContact(ContactOutcome outcome, String note) implements TicketCommand {}

  /** All requested information is in (P16). */
  record InformationComplete(String note) implements TicketCommand {}

  /** Closes as a duplicate of another open ticket (P21). */
  record MarkDuplicate(long of) implements TicketCommand {}

  /** Closes with a reason; DUPLICATE goes through {@link MarkDuplicate}. */
  record Close(CloseReason reason, String note) implements TicketCommand {}

  /** Hands to development: fully reproduced, with the promised release (P23). */
  record HandToDevelopment(boolean reproduced, String promisedRelease, String note)
      implements TicketCommand {}

  /** Waits on a third party; the due clock stops (P24). */
  record HandToThirdParty(String thirdParty, String note) implements TicketCommand {}

  /** The third party delivered; clocks resume (P24). */
  record ThirdPartyDelivered(String note) implements TicketCommand {}

  /** The broker's sweep: acknowledge, remind or close, whichever is due (P13, P19). */
  record Sweep() implements TicketCommand {}
}
