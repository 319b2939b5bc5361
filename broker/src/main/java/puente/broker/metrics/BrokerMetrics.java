package puente.broker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import puente.v1.EndReason;
import puente.v1.RefusalReason;

/**
 * The broker's meters, scraped in Prometheus format from {@code /metrics}:
 *
 * <ul>
 *   <li>{@code puente_sessions_active}: sessions relaying now;
 *   <li>{@code puente_sessions_opened_total}: sessions the customer accepted;
 *   <li>{@code puente_sessions_refused_total{reason}}: refusals by reason code;
 *   <li>{@code puente_sessions_ended_total{reason}}: ends by reason;
 *   <li>{@code puente_relay_bytes_total{direction}}: bytes relayed, {@code to_agent} or {@code
 *       to_customer};
 *   <li>{@code puente_relay_frames_refused_total{reason}}: frames refused by the broker;
 *   <li>{@code puente_codes_guessed_out_total}: live codes killed after too many wrong guesses;
 *   <li>{@code puente_data_lanes_rejected_total{reason}}: connections to the data port turned away
 *       ({@code preamble}: not a lane; {@code token}: unknown, used or expired token; {@code busy}:
 *       too many connections waiting to present a token).
 * </ul>
 */
public final class BrokerMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger active = new AtomicInteger();
  private final Counter opened;
  private final Counter bytesToAgent;
  private final Counter bytesToCustomer;

  /** Registers every meter, so that each appears in a scrape from the start. */
  public BrokerMetrics() {
    registry.gauge("puente.sessions.active", active);
    opened =
        Counter.builder("puente.sessions.opened")
            .description("Sessions the customer accepted")
            .register(registry);
    bytesToAgent = relayBytes("to_agent");
    bytesToCustomer = relayBytes("to_customer");
    for (RefusalReason reason : RefusalReason.values()) {
      if (reason != RefusalReason.REFUSAL_REASON_UNSPECIFIED
          && reason != RefusalReason.UNRECOGNIZED) {
        refusedCounter(reason);
      }
    }
  }

  /** The registry, for other meters (e.g. JVM binders). */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** A session started relaying. */
  public void sessionStarted() {
    opened.increment();
    active.incrementAndGet();
  }

  /**
   * A session ended.
   *
   * @param wasActive whether it had started relaying
   */
  public void sessionEnded(EndReason reason, boolean wasActive) {
    if (wasActive) {
      active.decrementAndGet();
    }
    Counter.builder("puente.sessions.ended")
        .description("Sessions ended, by reason")
        .tag("reason", reason.name())
        .register(registry)
        .increment();
  }

  /** A request was refused. */
  public void refused(RefusalReason reason) {
    refusedCounter(reason).increment();
  }

  /**
   * The session's gate refused a message.
   *
   * @param kind the kind of message, e.g. INPUT
   * @param reason why, e.g. NOT_GRANTED
   */
  public void gateRefused(String kind, RefusalReason reason) {
    Counter.builder("puente.gate.refused")
        .description("Messages the session gate refused, by kind and reason")
        .tag("kind", kind)
        .tag("reason", reason.name())
        .register(registry)
        .increment();
  }

  /** A frame was changed or held back by the broker (e.g. a secret masked in chat, P11). */
  public void frameRefused(String reason) {
    Counter.builder("puente.relay.frames.refused")
        .description("Relay frames the broker refused")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** A connection to the data port was turned away. */
  public void laneRejected(String reason) {
    Counter.builder("puente.data.lanes.rejected")
        .description("Connections to the data port turned away")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /**
   * A connection to the gRPC or HTTP listener was closed at once: its source address already held
   * the configured number of connections.
   *
   * @param listener {@code grpc} or {@code http}
   */
  public void connectionRefused(String listener) {
    Counter.builder("puente.connections.refused")
        .description("Connections closed on accept: the source address was at its cap")
        .tag("listener", listener)
        .register(registry)
        .increment();
  }

  /** A session was escalated or went back to the specialist queue (P15). */
  public void escalated() {
    Counter.builder("puente.escalations")
        .description("Sessions offered to specialists")
        .register(registry)
        .increment();
  }

  /** Someone joined or left a session ({@code joined}, {@code left}, {@code vanished}, …). */
  public void participantChange(String change) {
    Counter.builder("puente.participants.changes")
        .description("Participants joining and leaving sessions")
        .tag("change", change)
        .register(registry)
        .increment();
  }

  /** Control was requested, changed, moved or vetoed. */
  public void controlChange(String change) {
    Counter.builder("puente.control.changes")
        .description("Control requests, hand-overs and vetoes")
        .tag("change", change)
        .register(registry)
        .increment();
  }

  /** A live code took too many wrong guesses (from anyone) and was killed. */
  public void codeGuessedOut() {
    Counter.builder("puente.codes.guessed.out")
        .description("Live codes killed after too many wrong guesses")
        .register(registry)
        .increment();
  }

  /** A viewer fell too far behind and was dropped. */
  public void viewerDropped() {
    Counter.builder("puente.viewers.dropped")
        .description("Viewers dropped for falling too far behind")
        .register(registry)
        .increment();
  }

  /** Bytes relayed from the customer to staff. */
  public void relayedToAgent(long bytes) {
    bytesToAgent.increment(bytes);
  }

  /** Bytes relayed from staff to the customer. */
  public void relayedToCustomer(long bytes) {
    bytesToCustomer.increment(bytes);
  }

  private Counter relayBytes(String direction) {
    return Counter.builder("puente.relay.bytes")
        .description("Tunnel bytes relayed")
        .baseUnit("bytes")
        .tag("direction", direction)
        .register(registry);
  }

  private Counter refusedCounter(RefusalReason reason) {
    return Counter.builder("puente.sessions.refused")
        .description("Requests refused, by reason code")
        .tag("reason", reason.name())
        .register(registry);
  }
}
