package puente.broker.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import puente.broker.auth.Agent;
import puente.broker.cluster.SessionCode;
import puente.broker.cluster.SessionDirectory;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.v1.RefusalReason;

/**
 * Where an agent's typed code is checked. Wrong, expired and reused codes get one and the same
 * answer, so the answer never tells whether someone else's code exists; failures are throttled per
 * agent and per source address.
 */
final class CodeGate {
  private final SessionDirectory directory;
  private final AttemptThrottle throttle;
  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;

  CodeGate(
      SessionDirectory directory,
      AttemptThrottle throttle,
      TicketLog tickets,
      BrokerMetrics metrics,
      Clock clock) {
    this.directory = directory;
    this.throttle = throttle;
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Claims a code for an agent.
   *
   * @param lookup finds a live session by id
   * @return the session, now in the agent's hands
   * @throws RefusalException TOO_MANY_ATTEMPTS or CODE_INVALID
   */
  LiveSession claim(
      String typedCode, Agent agent, String source, Function<String, LiveSession> lookup) {
    String agentKey = "agent:" + agent.username();
    String sourceKey = "addr:" + source;
    refuseIfThrottled(agentKey);
    refuseIfThrottled(sourceKey);
    LiveSession session = find(typedCode, agent, lookup);
    if (session == null) {
      recordFailure(agentKey);
      recordFailure(sourceKey);
      metrics.refused(RefusalReason.CODE_INVALID);
      throw RefusalException.of(RefusalReason.CODE_INVALID, "code.invalid");
    }
    throttle.reset(agentKey);
    return session;
  }

  /**
   * Refuses a key that must still wait.
   *
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  void refuseIfThrottled(String key) {
    Optional<Duration> wait = throttle.waitFor(key);
    if (wait.isPresent()) {
      metrics.refused(RefusalReason.TOO_MANY_ATTEMPTS);
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw RefusalException.withRetryAfter(
          RefusalException.of(RefusalReason.TOO_MANY_ATTEMPTS, "attempts.throttled", seconds),
          wait.get());
    }
  }

  /** Counts a failed attempt for a key. */
  void recordFailure(String key) {
    throttle.recordFailure(key);
  }

  /** Forgets a key's failures after a success. */
  void forget(String key) {
    throttle.reset(key);
  }

  private LiveSession find(String typedCode, Agent agent, Function<String, LiveSession> lookup) {
    Optional<SessionCode> code = SessionCode.parse(typedCode);
    if (code.isEmpty()) {
      return null;
    }
    SessionDirectory.Claim claim = directory.claim(code.get());
    LiveSession session = claim.entry() == null ? null : lookup.apply(claim.entry().sessionId());
    switch (claim.outcome()) {
      case CLAIMED:
        return session != null && session.state() == LiveSession.State.WAITING ? session : null;
      case USED:
        if (session != null) {
          tickets.record(
              session.ticketId(),
              session.id(),
              clock.instant(),
              agent.username(),
              EventKind.CODE_REUSED,
              null);
        }
        return null;
      default:
        return null;
    }
  }
}
