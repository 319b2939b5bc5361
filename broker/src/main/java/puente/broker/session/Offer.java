package puente.broker.session;

import java.time.Instant;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;

/**
 * An escalation waiting for a specialist (P15).
 *
 * @param specialist the specialist it is offered to, or empty for the whole queue
 * @param at when it was offered; a supervisor's assignment keeps it, so the age stays the wait's
 * @param assignedBy the supervisor who named the specialist, or empty
 */
record Offer(String specialist, String escalatedBy, String note, Instant at, String assignedBy) {
  Offer(String specialist, String escalatedBy, String note, Instant at) {
    this(specialist, escalatedBy, note, at, "");
  }

  /** Whether this agent may join on this offer. */
  boolean admits(Agent agent) {
    return specialist.isEmpty()
        ? agent.role() == Role.SPECIALIST
        : specialist.equals(agent.username());
  }

  /** The same escalation offered to one specialist by a supervisor. */
  Offer assignedTo(String specialist, String supervisor) {
    return new Offer(specialist, escalatedBy, note, at, supervisor);
  }
}
