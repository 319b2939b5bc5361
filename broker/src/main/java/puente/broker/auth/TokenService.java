package puente.broker.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Logs staff in and checks their bearer tokens. Tokens are random, expire after a configured time,
 * and are stored only as SHA-256 digests, so they survive a broker restart and a stolen database
 * does not hand them out.
 *
 * <p>Every check reads the database: a token revoked by a logout, or by an operator's command in
 * another process (disable, remove, role change, password reset), is refused on its next use, on
 * every broker node sharing the database. A cache here would outlive the revocation.
 */
public final class TokenService {
  /** A token as handed to the client. */
  public record IssuedToken(String token, Instant expiresAt, Agent agent) {}

  private final Accounts agents;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Duration ttl;

  /**
   * A token service.
   *
   * @param agents where accounts and token digests live
   * @param hasher checks passwords
   * @param clock the time source
   * @param ttl how long a token works
   */
  public TokenService(Accounts agents, PasswordHasher hasher, Clock clock, Duration ttl) {
    this.agents = agents;
    this.hasher = hasher;
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * Exchanges credentials for a token.
   *
   * @return the token, or empty for an unknown user or a wrong password (indistinguishable)
   */
  public Optional<IssuedToken> login(String username, char[] password) {
    Optional<Accounts.Credentials> found = agents.credentials(username);
    if (found.isEmpty()) {
      // Spend the same time as a real check so user names cannot be probed by timing.
      hasher.matches(password, DUMMY_HASH);
      return Optional.empty();
    }
    if (!hasher.matches(password, found.get().passwordHash())) {
      return Optional.empty();
    }
    String token = Secrets.newToken();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(ttl);
    agents.saveToken(Secrets.digest(token), found.get().agent().id(), now, expiresAt);
    return Optional.of(new IssuedToken(token, expiresAt, found.get().agent()));
  }

  /**
   * Checks a bearer token.
   *
   * @return the agent, or empty if the token is unknown or expired
   */
  public Optional<Agent> authenticate(String token) {
    return agents
        .agentForToken(Secrets.digest(token), clock.instant())
        .map(Accounts.TokenOwner::agent);
  }

  /**
   * Revokes a token at once (a logout).
   *
   * @param tokenHash the token's {@link Secrets#digest}
   * @return its owner, or empty if the token was unknown
   */
  public Optional<Agent> revoke(String tokenHash) {
    return agents.revokeToken(tokenHash, clock.instant());
  }

  private static final String DUMMY_HASH =
      new PasswordHasher().hash("not-a-password".toCharArray());
}
