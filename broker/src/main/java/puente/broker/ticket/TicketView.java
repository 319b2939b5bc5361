package puente.broker.ticket;

import java.time.Duration;
import java.time.Instant;

/**
 * A ticket with what the rules derive from it at an instant, as staff and integrations see it.
 *
 * @param ticket the stored ticket
 * @param dueStatus how its P16 due time stands
 * @param silenceEndsAt when a P19 wait runs out, or null when not waiting
 * @param billable billable advisory time from its sessions' real durations (P8)
 * @param age time since it was received (P18: tickets show age, not a promise)
 */
public record TicketView(
    Ticket ticket, DueStatus dueStatus, Instant silenceEndsAt, Duration billable, Duration age) {}
