package puente.broker.policy;

import java.time.Instant;

/**
 * When to warn the agents of a running session that the office closes (P12). The session is not cut
 * at closing time; the warning only tells the agent.
 *
 * @param warnAt when to show the warning (the lead time before closing, or now if later)
 * @param closesAt when the office closes
 * @param message the warning in the requested locale
 */
public record ClosingWarning(Instant warnAt, Instant closesAt, String message) {}
