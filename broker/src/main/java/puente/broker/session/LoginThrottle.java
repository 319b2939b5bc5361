package puente.broker.session;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.text.Showable;
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
 *
 * <p>Each refusal (wrong user or password, or throttled) is logged with the user name, the address
 * and the reason, at most one line a minute per address with the count of the rest.
 */
final class LoginThrottle {
  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
  // Enough of a user name to recognise it in the log; the rest of a long one is noise.
  private static final int LOGGED_NAME = 64;

  private final AttemptThrottle throttle;
  private final int failuresPerUser;
  private final BrokerMetrics metrics;
  private final QuietLog quiet;

  LoginThrottle(
      AttemptThrottle throttle, int failuresPerUser, BrokerMetrics metrics, Ticker ticker) {
    this(throttle, failuresPerUser, metrics, ticker, log::warn);
  }

  /**
   * @param lines where the refusals' log lines go: one a minute per source address at most
   */
  LoginThrottle(
      AttemptThrottle throttle,
      int failuresPerUser,
      BrokerMetrics metrics,
      Ticker ticker,
      Consumer<String> lines) {
    this.throttle = throttle;
    this.failuresPerUser = failuresPerUser;
    this.metrics = metrics;
    this.quiet = new QuietLog(lines, ticker);
  }

  /**
   * Checks a staff login attempt against the throttle before the password is checked.
   *
   * @param source the caller's address
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  void beforeLogin(String username, String source) {
    try {
      throttle.refuseIfWaiting(pairKey(username, source));
      throttle.refuseIfWaiting(addressKey(source));
    } catch (RefusalException e) {
      metrics.refused(RefusalReason.TOO_MANY_ATTEMPTS);
      logRefusal(username, source, RefusalReason.TOO_MANY_ATTEMPTS);
      throw e;
    }
  }

  /** A login failed: counted for the throttle and in the refusal metrics, and logged. */
  void loginFailed(String username, String source) {
    throttle.recordFailure(userKey(username));
    if (throttle.failures(userKey(username)) > failuresPerUser) {
      throttle.recordFailureAtLongestWait(pairKey(username, source));
    } else {
      throttle.recordFailure(pairKey(username, source));
    }
    throttle.recordFailure(addressKey(source));
    metrics.refused(RefusalReason.UNAUTHENTICATED);
    logRefusal(username, source, RefusalReason.UNAUTHENTICATED);
  }

  // The user name as the caller sent it, escaped so that it cannot forge a log line; never the
  // password.
  private void logRefusal(String username, String source, RefusalReason reason) {
    String name =
        username.length() > LOGGED_NAME ? username.substring(0, LOGGED_NAME) + "…" : username;
    quiet.log(
        source,
        "login from " + source + " refused: " + reason + ", user \"" + Showable.line(name) + "\"");
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
