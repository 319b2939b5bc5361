package puente.broker.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import puente.broker.auth.Accounts;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;

/** Staff accounts and their access tokens. */
public final class AgentStore implements Accounts {
  private final Jdbi jdbi;

  /** A store over the given database. */
  public AgentStore(Database database) {
    this.jdbi = database.jdbi();
  }

  /**
   * Creates an account.
   *
   * @return the new agent
   * @throws IllegalArgumentException if the user name is taken
   */
  public Agent add(
      String username, String displayName, Role role, String passwordHash, Instant now) {
    return jdbi.inTransaction(
        h -> {
          boolean taken =
              h.createQuery("SELECT COUNT(*) FROM agents WHERE username = :u")
                      .bind("u", username)
                      .mapTo(Integer.class)
                      .one()
                  > 0;
          if (taken) {
            throw new IllegalArgumentException("username: " + username + " is already taken");
          }
          long id =
              h.createUpdate(
                      "INSERT INTO agents (username, display_name, role, password_hash, created_at)"
                          + " VALUES (:u, :d, :r, :p, :at)")
                  .bind("u", username)
                  .bind("d", displayName)
                  .bind("r", role.name())
                  .bind("p", passwordHash)
                  .bind("at", utc(now))
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          return new Agent(id, username, displayName, role);
        });
  }

  /** Finds an account by user name, with its hash. */
  @Override
  public Optional<Credentials> credentials(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, username, display_name, role, password_hash FROM agents"
                        + " WHERE username = :u")
                .bind("u", username)
                .map(
                    (rs, ctx) ->
                        new Credentials(
                            new Agent(
                                rs.getLong("id"),
                                rs.getString("username"),
                                rs.getString("display_name"),
                                Role.valueOf(rs.getString("role"))),
                            rs.getString("password_hash")))
                .findOne());
  }

  /** Finds an account by user name. */
  public Optional<Agent> find(String username) {
    return credentials(username).map(Credentials::agent);
  }

  /** Stores the digest of a newly issued token. */
  @Override
  public void saveToken(String tokenHash, long agentId, Instant issuedAt, Instant expiresAt) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO agent_tokens (token_hash, agent_id, issued_at, expires_at)"
                        + " VALUES (:t, :a, :i, :e)")
                .bind("t", tokenHash)
                .bind("a", agentId)
                .bind("i", utc(issuedAt))
                .bind("e", utc(expiresAt))
                .execute());
  }

  /** The agent behind an unexpired token digest. */
  @Override
  public Optional<TokenOwner> agentForToken(String tokenHash, Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.id, a.username, a.display_name, a.role, t.expires_at FROM agent_tokens t"
                        + " JOIN agents a ON a.id = t.agent_id"
                        + " WHERE t.token_hash = :t AND t.expires_at > :now")
                .bind("t", tokenHash)
                .bind("now", utc(now))
                .map(
                    (rs, ctx) ->
                        new TokenOwner(
                            new Agent(
                                rs.getLong("id"),
                                rs.getString("username"),
                                rs.getString("display_name"),
                                Role.valueOf(rs.getString("role"))),
                            rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .findOne());
  }

  /** Deletes expired tokens; returns how many. */
  public int purgeExpiredTokens(Instant now) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM agent_tokens WHERE expires_at <= :now")
                .bind("now", utc(now))
                .execute());
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
