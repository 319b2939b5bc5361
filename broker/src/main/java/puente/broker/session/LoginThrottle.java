package puente.broker.session;

import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * Staff logins against the attempt throttle: failures are counted per user name and per address, as
 * for codes, and checked before the password is, so that passwords cannot be guessed at speed.
 */
final class LoginThrottle {
  private final CodeGate codes;
  private final BrokerMetrics metrics;

  LoginThrottle(CodeGate codes, BrokerMetrics metrics) {
    this.codes = codes;
    this.metrics = metrics;
  }

  /**
   * Checks a staff login attempt against the throttle before the password is checked: failures are
   * counted per user name and per address, as for codes, so that passwords cannot be guessed at
   * speed.
   *
   * @param source the caller's address
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  void beforeLogin(String username, String source) {
    codes.refuseIfThrottled(loginKey(username));
    codes.refuseIfThrottled("login-addr:" + source);
  }

  /** A login failed: counted for the throttle and in the refusal metrics. */
  void loginFailed(String username, String source) {
    codes.recordFailure(loginKey(username));
    codes.recordFailure("login-addr:" + source);
    metrics.refused(RefusalReason.UNAUTHENTICATED);
  }

  /** A login succeeded: the user name's failures are forgotten. */
  void loginSucceeded(String username) {
    codes.forget(loginKey(username));
  }

  private static String loginKey(String username) {
    return "login:" + username.toLowerCase(java.util.Locale.ROOT);
  }
}
