package puente.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Accounts;
import puente.broker.auth.TokenService;
import puente.broker.session.SessionService;

/**
 * The broker's one-second access check: staff tokens kept in memory and live session memberships
 * whose access was revoked since (by another process writing to the same database) are dropped.
 */
final class RevokedAccess implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RevokedAccess.class);

  private final Accounts agents;
  private final TokenService tokens;
  private final SessionService sessions;

  RevokedAccess(Accounts agents, TokenService tokens, SessionService sessions) {
    this.agents = agents;
    this.tokens = tokens;
    this.sessions = sessions;
  }

  @Override
  public void run() {
    try {
      int forgotten = tokens.forgetRevoked();
      if (forgotten > 0) {
        log.info("{} staff token(s) revoked by another process no longer work", forgotten);
      }
      int ended = sessions.endRevokedAccess(agents::stillGranted);
      if (ended > 0) {
        log.info("ended {} session membership(s) whose access was revoked", ended);
      }
    } catch (RuntimeException e) {
      // A failed check (database down) must not cancel the next ones.
      log.warn("access check failed: {}", e.toString());
    }
  }
}
