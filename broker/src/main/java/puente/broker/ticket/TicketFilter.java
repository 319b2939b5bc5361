package puente.broker.ticket;

import java.time.Instant;

/**
 * What a staff search of tickets asks for; every part is optional (null means any).
 *
 * @param state only tickets in this state
 * @param category only this category, exactly
 * @param agent only tickets assigned to this user name or with a session they were in
 * @param customer part of the customer's name (any case), or a licence key exactly
 * @param openedFrom received at or after this instant
 * @param openedBefore received before this instant
 */
public record TicketFilter(
    TicketState state,
    String category,
    String agent,
    String customer,
    Instant openedFrom,
    Instant openedBefore) {
  /** No filter: every ticket. */
  public static TicketFilter any() {
    return new TicketFilter(null, null, null, null, null, null);
  }
}
