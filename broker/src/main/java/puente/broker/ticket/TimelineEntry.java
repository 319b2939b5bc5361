package puente.broker.ticket;

import java.time.Instant;

/**
 * One line of a ticket's timeline.
 *
 * @param id increasing with time of recording
 * @param ticketId the ticket
 * @param sessionId the session it concerns, or null
 * @param at when it happened
 * @param actor who did it: "customer", an agent's user name, or "broker"
 * @param kind what happened
 * @param detail reason codes and figures, or null
 */
public record TimelineEntry(
    long id,
    long ticketId,
    String sessionId,
    Instant at,
    String actor,
    EventKind kind,
    String detail) {}
