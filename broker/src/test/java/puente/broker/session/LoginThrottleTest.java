package puente.broker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/** What refused staff logins leave in the log: user, address and reason, one line a minute. */
class LoginThrottleTest {
  final AtomicLong nanos = new AtomicLong();
  final Ticker ticker = nanos::get;
  final List<String> lines = new ArrayList<>();
  final LoginThrottle logins =
      new LoginThrottle(
          new AttemptThrottle(
              3, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15), ticker),
          10,
          new BrokerMetrics(),
          ticker,
          lines::add);

  @Test
  void wrongPasswordsAreOneLineAMinutePerAddressWithUserAndReason() {
    for (int i = 0; i < 3; i++) {
      logins.beforeLogin("ana", "10.0.0.1");
      logins.loginFailed("ana", "10.0.0.1");
    }
    assertThat(lines).containsExactly("login from 10.0.0.1 refused: UNAUTHENTICATED, user \"ana\"");

    // Another address has its own line.
    logins.loginFailed("beto", "10.0.0.2");
    assertThat(lines).hasSize(2).last().asString().contains("10.0.0.2", "\"beto\"");

    // Past the free failures the address is throttled: refused, counted, still quiet this minute.
    logins.loginFailed("ana", "10.0.0.1");
    RefusalException throttled =
        catchThrowableOfType(RefusalException.class, () -> logins.beforeLogin("ana", "10.0.0.1"));
    assertThat(throttled.reason()).isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(lines).hasSize(2);

    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    logins.loginFailed("ana", "10.0.0.1");
    assertThat(lines)
        .last()
        .isEqualTo(
            "login from 10.0.0.1 refused: UNAUTHENTICATED, user \"ana\" (4 more not logged)");
  }

  @Test
  void aThrottledLoginIsLoggedWithItsReason() {
    LoginThrottle slow =
        new LoginThrottle(
            new AttemptThrottle(
                3, Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(15), ticker),
            10,
            new BrokerMetrics(),
            ticker,
            lines::add);
    for (int i = 0; i < 4; i++) {
      slow.loginFailed("ana", "10.0.0.3");
    }
    nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    RefusalException throttled =
        catchThrowableOfType(RefusalException.class, () -> slow.beforeLogin("ana", "10.0.0.3"));
    assertThat(throttled.reason()).isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(lines)
        .last()
        .asString()
        .startsWith("login from 10.0.0.3 refused: TOO_MANY_ATTEMPTS, user \"ana\"");
  }

  @Test
  void aForgedUserNameCannotWriteALineOfItsOwn() {
    String forged =
        "ana\"\n2026-12-02T10:00:00Z INFO login ok user=admin\u001b[2K" + "x".repeat(200);
    logins.loginFailed(forged, "10.0.0.4");

    assertThat(lines)
        .singleElement()
        .asString()
        .doesNotContain("\n", "\u001b")
        .contains("\\x0A", "\\x1B")
        .hasSizeLessThan(200)
        .doesNotContain("x".repeat(70));
  }
}
