package puente.broker.ticket;

import java.time.Instant;

/**
 * A session as logged on its ticket.
 *
 * @param id session id
 * @param ticketId the ticket
 * @param state WAITING, CONSENT, ACTIVE, ENDED or REFUSED
 * @param endReason an {@code EndReason} name once ended
 * @param refusalReason a {@code RefusalReason} name when refused
 * @param startedAt when relaying started, or null
 * @param endedAt when it ended, or null
 * @param bytesToAgent bytes relayed from the customer to staff
 * @param bytesToCustomer bytes relayed from staff to the customer
 */
public record SessionRecord(
    String id,
    long ticketId,
    String state,
    String endReason,
    String refusalReason,
    Instant startedAt,
    Instant endedAt,
    long bytesToAgent,
    long bytesToCustomer) {}
