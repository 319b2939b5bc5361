package puente.broker.auth;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Where staff accounts and their tokens are kept (the store implements it). */
public interface Accounts {
  /** An account with its password hash, for login only. */
  record Credentials(Agent agent, String passwordHash) {}

  /** The owner of a token and when the token expires. */
  record TokenOwner(Agent agent, Instant expiresAt) {}

  /** The account and password hash of a user name, if it exists and may log in. */
  Optional<Credentials> credentials(String username);

  /** Keeps the digest of an issued token; the login is the account's last. */
  void saveToken(String tokenHash, long agentId, Instant issuedAt, Instant expiresAt);

  /** The agent behind an unexpired token digest of an account that may still log in. */
  Optional<TokenOwner> agentForToken(String tokenHash, Instant now);

  /**
   * Revokes one token (a logout), on the audit log as done by its owner.
   *
   * @return the owner, or empty if the token was unknown
   */
  Optional<Agent> revokeToken(String tokenHash, Instant now);

  /**
   * Which of these token digests still grant access: not revoked, of an account neither disabled
   * nor removed. Expiry is not checked here: a stream opened with a valid token runs on.
   */
  Set<String> stillGranted(Collection<String> tokenHashes);

  /**
   * A number that grows with every token revocation made in this process, by any store on the same
   * database: a token owner read before it changed is not to be trusted after.
   */
  long revocations();
}
