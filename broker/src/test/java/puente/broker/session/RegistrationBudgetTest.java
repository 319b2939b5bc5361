package puente.broker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import puente.broker.config.Budgets;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/** What registration refusals leave in the log: one line a minute per source, no licence key. */
class RegistrationBudgetTest {
  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;
  final List<String> lines = new ArrayList<>();
  final RegistrationBudget budget =
      new RegistrationBudget(
          new Budgets(new Budgets.Rate(2, 4), new Budgets.Rate(3, 4), 10, 10),
          ticker,
          new BrokerMetrics(),
          lines::add);

  @Test
  void aFloodOverBudgetIsOneLogLineAMinutePerSourceWithTheCountOfTheRest() {
    budget.fromAddress("10.0.0.1");
    budget.fromAddress("10.0.0.1");
    for (int i = 0; i < 50; i++) {
      RefusalException refused =
          catchThrowableOfType(RefusalException.class, () -> budget.fromAddress("10.0.0.1"));
      assertThat(refused.reason()).isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    }
    assertThat(lines).containsExactly("registrations from 10.0.0.1 over budget (address)");

    // Another source has its own line and its own budget.
    budget.fromAddress("10.0.0.2");
    budget.fromAddress("10.0.0.2");
    catchThrowableOfType(RefusalException.class, () -> budget.fromAddress("10.0.0.2"));
    assertThat(lines).hasSize(2);

    // Refused again within the minute: counted, not logged.
    nanos.addAndGet(Duration.ofSeconds(14).toNanos());
    catchThrowableOfType(RefusalException.class, () -> budget.fromAddress("10.0.0.1"));
    assertThat(lines).hasSize(2);
    nanos.addAndGet(Duration.ofSeconds(46).toNanos());
    // A minute later the budget is full again (2); the third is refused and logged again.
    for (int i = 0; i < 2; i++) {
      budget.fromAddress("10.0.0.1");
    }
    catchThrowableOfType(RefusalException.class, () -> budget.fromAddress("10.0.0.1"));
    assertThat(lines)
        .last()
        .isEqualTo("registrations from 10.0.0.1 over budget (address) (50 more not logged)");
  }

  @Test
  void aRefusedLicenceIsLoggedByItsFingerprintNeverItsKey() {
    budget.refusedByPolicy("LIC-SECRETA-0042", "10.0.0.3", RefusalReason.LICENCE_UNKNOWN);
    budget.refusedByPolicy("LIC-SECRETA-0043", "10.0.0.3", RefusalReason.LICENCE_UNKNOWN);

    assertThat(lines)
        .singleElement()
        .asString()
        .startsWith("registration from 10.0.0.3 refused: LICENCE_UNKNOWN, licence sha256:")
        .doesNotContain("LIC-SECRETA", "0042");
    assertThat(RegistrationBudget.fingerprint("LIC-SECRETA-0042"))
        .matches("sha256:[0-9a-f]{8}")
        .isNotEqualTo(RegistrationBudget.fingerprint("LIC-SECRETA-0043"));
  }
}
