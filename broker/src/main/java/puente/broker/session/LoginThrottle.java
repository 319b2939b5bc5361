package puente.broker.session;

import java.util.Locale;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * Staff logins against the attempt throttle, checked before the password is, so that passwords
 * cannot be guessed at speed, and so that guessing never locks the real user out.
 *
 * <p>Failures are counted per user name and address together, and per address alone (one address
 * trying many users). Neither counts a user's failures from elsewhere: wrong passwords from address
 * A never stop a correct login for the same user from address B. That alone would let many
 * addresses guess one user's password, each with its free failures; so the user's failures from
 * every address are also counted, and past {@code budgets.loginFailuresPerUser} each further
 * failure, from any address, makes that address wait the longest wait at once for this user. The
 * user is never refused as such: a correct password from an address that has not failed still gets
 * in, while each guessing address gets one guess per longest wait.
 */
final class LoginThrottle {
  private final CodeGate codes;
  private final AttemptThrottle throttle;
  private final int failuresPerUser;
  private final BrokerMetrics metrics;

  LoginThrottle(
      CodeGate codes, AttemptThrottle throttle, int failuresPerUser, BrokerMetrics metrics) {
    this.codes = codes;
    this.throttle = throttle;
    this.failuresPerUser = failuresPerUser;
    this.metrics = metrics;
  }

  /**
   * Checks a staff login attempt against the throttle before the password is checked.
   *
   * @param source the caller's address
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  void beforeLogin(String username, String source) {
    codes.refuseIfThrottled(pairKey(username, source));
    codes.refuseIfThrottled(addressKey(source));
  }

  /** A login failed: counted for the throttle and in the refusal metrics. */
  void loginFailed(String username, String source) {
    throttle.recordFailure(userKey(username));
    if (throttle.failures(userKey(username)) > failuresPerUser) {
      throttle.recordFailureAtLongestWait(pairKey(username, source));
    } else {
      throttle.recordFailure(pairKey(username, source));
    }
    throttle.recordFailure(addressKey(source));
    metrics.refused(RefusalReason.UNAUTHENTICATED);
  }

  /**
   * A login succeeded: the user's failures from this address are forgotten. Those from elsewhere
   * stay, so a guesser's count is not reset by the real user logging in.
   */
  void loginSucceeded(String username, String source) {
    throttle.reset(pairKey(username, source));
  }

  private static String userKey(String username) {
    return "login-user:" + username.toLowerCase(Locale.ROOT);
  }

  private static String pairKey(String username, String source) {
    return "login:" + username.toLowerCase(Locale.ROOT) + "@" + source;
  }

  private static String addressKey(String source) {
    return "login-addr:" + source;
  }
}
