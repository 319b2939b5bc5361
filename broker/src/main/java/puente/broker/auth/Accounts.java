package puente.broker.auth;

import java.time.Instant;
import java.util.Optional;

/** Where staff accounts and their tokens are kept (the store implements it). */
public interface Accounts {
  /** An account with its password hash, for login only. */
  record Credentials(Agent agent, String passwordHash) {}

  /** The owner of a token and when the token expires. */
  record TokenOwner(Agent agent, Instant expiresAt) {}

  /** The account and password hash of a user name, if it exists. */
  Optional<Credentials> credentials(String username);

  /** Keeps the digest of an issued token. */
  void saveToken(String tokenHash, long agentId, Instant issuedAt, Instant expiresAt);

  /** The agent behind an unexpired token digest. */
  Optional<TokenOwner> agentForToken(String tokenHash, Instant now);
}
