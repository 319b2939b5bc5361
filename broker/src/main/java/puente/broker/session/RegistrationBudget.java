package puente.broker.session;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.config.Budgets;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * How many registrations the broker takes: a token bucket per source address (one office behind one
 * NAT) and one per known licence (one customer, wherever they are). A registration over either
 * budget is refused with TOO_MANY_ATTEMPTS and the time to wait, before any ticket or code exists;
 * refusals are counted and logged at most once a minute per source.
 */
final class RegistrationBudget {
  private static final Logger log = LoggerFactory.getLogger(RegistrationBudget.class);

  private final RateBudget perAddress;
  private final RateBudget perLicence;
  private final BrokerMetrics metrics;
  private final QuietLog quiet;

  RegistrationBudget(Budgets budgets, Ticker ticker, BrokerMetrics metrics) {
    this(budgets, ticker, metrics, log::warn);
  }

  /**
   * @param lines where the refusals' log lines go
   */
  RegistrationBudget(
      Budgets budgets, Ticker ticker, BrokerMetrics metrics, Consumer<String> lines) {
    this.perAddress = new RateBudget(budgets.registrationsPerAddress(), ticker);
    this.perLicence = new RateBudget(budgets.registrationsPerLicence(), ticker);
    this.metrics = metrics;
    this.quiet = new QuietLog(lines, ticker);
  }

  /**
   * Takes a registration from the source's budget; every attempt counts, known licence or not.
   *
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  void fromAddress(String source) {
    refuseIfSpent(perAddress.take(source), source, "address");
  }

  /**
   * Takes a registration from a known licence's budget.
   *
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  void forLicence(String licenceKey, String source) {
    refuseIfSpent(perLicence.take(licenceKey), source, "licence " + fingerprint(licenceKey));
  }

  /**
   * Logs a registration the policy refused, once a minute per source at most. The key is logged
   * only as its fingerprint: an unknown key is often a real customer's key mistyped.
   */
  void refusedByPolicy(String licenceKey, String source, RefusalReason reason) {
    quiet.log(
        "policy:" + source,
        "registration from "
            + source
            + " refused: "
            + reason
            + ", licence "
            + fingerprint(licenceKey));
  }

  /**
   * A licence key as it may be logged: the first 8 hex digits of its SHA-256. Enough to see that a
   * flood repeats one key, or to match a key the operator already holds; never the key itself.
   */
  static String fingerprint(String licenceKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(licenceKey.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private void refuseIfSpent(Optional<Duration> wait, String source, String budget) {
    if (wait.isEmpty()) {
      return;
    }
    metrics.refused(RefusalReason.TOO_MANY_ATTEMPTS);
    quiet.log("budget:" + source, "registrations from " + source + " over budget (" + budget + ")");
    long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
    throw RefusalException.withRetryAfter(
        RefusalException.of(RefusalReason.TOO_MANY_ATTEMPTS, "registrations.throttled", seconds),
        wait.get());
  }
}
