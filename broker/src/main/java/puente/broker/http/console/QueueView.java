package puente.broker.http.console;

import java.time.Instant;
import java.util.List;
import puente.broker.auth.Agent;
import puente.broker.session.QueueBoard;

/**
 * What the queue page shows one member of staff.
 *
 * @param staff who is looking (their role decides the forms, their token the forms' CSRF field)
 * @param rows the escalations they may see, in the order they are served
 * @param specialists whom a supervisor may name: enabled specialists; empty for others
 * @param now when it was read
 */
public record QueueView(
    Staff staff, List<QueueBoard.Waiting> rows, List<Agent> specialists, Instant now) {}
