package puente.broker.session;

import java.time.Instant;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;

/**
 * An escalation waiting for a specialist (P15).
 *
 * @param specialist the specialist it is offered to, or empty for the whole queue
 */
record Offer(String specialist, String escalatedBy, String note, Instant at) {
  /** Whether this agent may join on this offer. */
  boolean admits(Agent agent) {
    return specialist.isEmpty()
        ? agent.role() == Role.SPECIALIST
        : specialist.equals(agent.username());
  }
}
