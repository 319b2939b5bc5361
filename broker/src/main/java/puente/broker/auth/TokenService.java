package puente.broker.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs staff in and checks their bearer tokens. Tokens are random, expire after a configured time,
 * and are stored only as SHA-256 digests, so they survive a broker restart and a stolen database
 * does not hand them out.
 *
 * <p>A token's owner is read from the database on first use and then kept in memory, but only until
 * the next revocation: a logout, disable, removal, role change or password reset made in this
 * process (the console, or an operator's command through the admin socket) drops every kept token
 * before it returns, so the next use of a revoked token is refused. A revocation written to the
 * database by another process (a command run against PostgreSQL from another machine) is found by
 * {@link #forgetRevoked}, which the broker runs with its one-second check of live streams.
 */
public final class TokenService {
  /** A token as handed to the client. */
  public record IssuedToken(String token, Instant expiresAt, Agent agent) {}

  private final Accounts agents;
  private final PasswordHasher hasher;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Known> known = new ConcurrentHashMap<>();

  /** A token's owner as read, and the revocation count it was read under. */
  private record Known(Accounts.TokenOwner owner, long revocations) {}

  /** Tokens kept at most: a support centre has far fewer staff logged in at once. */
  private static final int MAX_KNOWN = 10_000;

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
    String hash = Secrets.digest(token);
    Instant now = clock.instant();
    // Read before the database: a revocation committed meanwhile makes what is read here stale.
    long revocations = agents.revocations();
    Known seen = known.get(hash);
    if (seen != null
        && seen.revocations() == revocations
        && seen.owner().expiresAt().isAfter(now)) {
      return Optional.of(seen.owner().agent());
    }
    Optional<Accounts.TokenOwner> owner = agents.agentForToken(hash, now);
    if (owner.isEmpty()) {
      known.remove(hash);
      return Optional.empty();
    }
    if (known.size() >= MAX_KNOWN) {
      known.clear();
    }
    known.put(hash, new Known(owner.get(), revocations));
    return Optional.of(owner.get().agent());
  }

  /**
   * Drops kept tokens that the database no longer grants: revoked by another process writing to the
   * same database.
   *
   * @return how many were dropped
   */
  public int forgetRevoked() {
    if (known.isEmpty()) {
      return 0;
    }
    Set<String> granted = agents.stillGranted(Set.copyOf(known.keySet()));
    int before = known.size();
    known.keySet().retainAll(granted);
    return before - known.size();
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
