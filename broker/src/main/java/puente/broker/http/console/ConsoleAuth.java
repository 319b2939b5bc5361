package puente.broker.http.console;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import puente.broker.auth.Agent;
import puente.broker.auth.Secrets;
import puente.broker.auth.TokenService;
import puente.broker.session.SessionService;

/**
 * Sign-in, sign-out and the checks every console request passes. The console signs staff in through
 * the same {@link TokenService} and login throttle as the agent app's {@code login}: its cookie
 * holds a staff login token, HttpOnly and SameSite=Strict (and Secure under TLS). Every request
 * checks that token against the database, so a disabled, removed or re-roled member of staff, or
 * one whose tokens were revoked, is signed out of the console on their next request.
 *
 * <p>Forms carry a CSRF token: an HMAC of the login token under a key this broker drew at start, so
 * it cannot be computed without reading the cookie. The sign-in form, before any login, uses a
 * random value sent both as a cookie and as a field (double submit).
 */
final class ConsoleAuth {
  static final String COOKIE = "puente_console";
  static final String PRE_COOKIE = "puente_console_pre";
  static final String CSRF_FIELD = "csrf";
  static final String STAFF = "staff";
  private static final String PATH = "/console";

  private final TokenService tokens;
  private final SessionService sessions;
  private final boolean secure;
  private final byte[] csrfKey = new byte[32];
  private final SecureRandom random = new SecureRandom();

  ConsoleAuth(TokenService tokens, SessionService sessions, boolean secure) {
    this.tokens = requireNonNull(tokens, "tokens");
    this.sessions = requireNonNull(sessions, "sessions");
    this.secure = secure;
    random.nextBytes(csrfKey);
  }

  /** The outcome of a sign-in attempt. */
  sealed interface SignIn {
    /** Signed in: the cookie is set. */
    record Done(Agent agent) implements SignIn {}

    /** Wrong user name or password (indistinguishable). */
    record Failed() implements SignIn {}

    /** The throttle holds this user and address back for this many seconds. */
    record Throttled(long seconds) implements SignIn {}
  }

  /**
   * Checks the cookie's token against the database. Blocking: run off the event loop.
   *
   * @return the member of staff, or empty when signed out, expired, revoked or disabled
   */
  Optional<Staff> authenticate(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie == null || cookie.getValue().isBlank()) {
      return Optional.empty();
    }
    String token = cookie.getValue();
    return tokens.authenticate(token).map(agent -> new Staff(agent, csrfOf(token)));
  }

  /** Whether the request carried a console cookie at all (to tell "expired" from "never"). */
  static boolean hadCookie(RoutingContext ctx) {
    return ctx.request().getCookie(COOKIE) != null;
  }

  /**
   * Signs in through the staff login throttle and token service. Blocking.
   *
   * @param source the caller's address, for the throttle
   */
  SignIn signIn(RoutingContext ctx, String username, String password, String source) {
    try {
      sessions.beforeLogin(username, source);
    } catch (puente.broker.refusal.RefusalException e) {
      long seconds = e.args().length > 0 && e.args()[0] instanceof Number n ? n.longValue() : 1L;
      return new SignIn.Throttled(seconds);
    }
    Optional<TokenService.IssuedToken> issued = tokens.login(username, password.toCharArray());
    if (issued.isEmpty()) {
      sessions.loginFailed(username, source);
      return new SignIn.Failed();
    }
    sessions.loginSucceeded(username, source);
    // A browser-session cookie: the token's own expiry (agents.tokenTtl) is enforced here.
    ctx.response().addCookie(cookie(COOKIE, issued.get().token()));
    ctx.response().addCookie(cookie(PRE_COOKIE, "").setMaxAge(0));
    return new SignIn.Done(issued.get().agent());
  }

  /**
   * Revokes the cookie's token at once (as the agent app's logout does) and clears it. Blocking.
   */
  void signOut(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    if (cookie != null && !cookie.getValue().isBlank()) {
      tokens.revoke(Secrets.digest(cookie.getValue()));
    }
    clear(ctx);
  }

  /** Forgets the cookie in the browser. */
  void clear(RoutingContext ctx) {
    ctx.response().addCookie(cookie(COOKIE, "").setMaxAge(0));
  }

  /** A fresh value for the sign-in form's double submit, set as a cookie too. */
  String preSignIn(RoutingContext ctx) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ctx.response().addCookie(cookie(PRE_COOKIE, value));
    return value;
  }

  /** Whether the sign-in form came back with the value of its own cookie. */
  static boolean preSignInMatches(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(PRE_COOKIE);
    String field = ctx.request().getFormAttribute(CSRF_FIELD);
    return cookie != null && !cookie.getValue().isEmpty() && same(cookie.getValue(), field);
  }

  /** Whether a signed-in member's form carried their CSRF token. */
  static boolean csrfMatches(RoutingContext ctx, Staff staff) {
    return same(staff.csrf(), ctx.request().getFormAttribute(CSRF_FIELD));
  }

  private String csrfOf(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static boolean same(String expected, String given) {
    return given != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private Cookie cookie(String name, String value) {
    return Cookie.cookie(name, value)
        .setPath(PATH)
        .setHttpOnly(true)
        .setSecure(secure)
        .setSameSite(CookieSameSite.STRICT);
  }

  /** Runs blocking work for a request off the event loop. */
  static <T> io.vertx.core.Future<T> blocking(Vertx vertx, java.util.concurrent.Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
