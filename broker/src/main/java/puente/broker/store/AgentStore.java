package puente.broker.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import puente.broker.auth.Accounts;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;

/**
 * Staff accounts and their access tokens. Every change is written to the audit log ({@link
 * StaffAudit}) in its own transaction, and every change that takes access away deletes the
 * account's tokens in that transaction, so that the next check refuses them wherever it runs.
 */
public final class AgentStore implements Accounts {
  /** An account as the operator lists it. */
  public record Account(Agent agent, boolean enabled, Instant lastLoginAt, Instant removedAt) {}

  // The account may log in, and its tokens count.
  private static final String USABLE = "a.enabled = TRUE AND a.removed_at IS NULL";
  // Never the result of a hash: no password matches a removed account's.
  private static final String NO_PASSWORD = "!removed";
  private static final String ACTOR_BROKER = "broker";

  private final Database database;
  private final Jdbi jdbi;

  /** A store over the given database. */
  public AgentStore(Database database) {
    this.database = database;
    this.jdbi = database.jdbi();
  }

  /** Creates an account, on the audit log as done by the broker (test rigs, seeding). */
  public Agent add(
      String username, String displayName, Role role, String passwordHash, Instant now) {
    return add(username, displayName, role, passwordHash, ACTOR_BROKER, now);
  }

  /**
   * Creates an account.
   *
   * @param actor who creates it, for the audit log
   * @return the new agent
   * @throws IllegalArgumentException if the user name is taken (also by a removed account)
   */
  public Agent add(
      String username,
      String displayName,
      Role role,
      String passwordHash,
      String actor,
      Instant now) {
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
          StaffAudit.record(h, now, actor, "add", username, role.wireName());
          return new Agent(id, username, displayName, role);
        });
  }

  /** Every account, removed ones included, by user name. */
  public List<Account> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, username, display_name, role, enabled, last_login_at, removed_at"
                        + " FROM agents ORDER BY username")
                .map(AgentStore::account)
                .list());
  }

  /**
   * Disables or enables an account. Disabling revokes its tokens at once.
   *
   * @return whether anything changed (false if it already was so)
   * @throws IllegalArgumentException for an unknown or removed user
   */
  public boolean setEnabled(String username, boolean enabled, String actor, Instant now) {
    return inRevokingTransaction(
        h -> {
          Account account = existing(h, username);
          if (account.enabled() == enabled) {
            return false;
          }
          h.createUpdate("UPDATE agents SET enabled = :e WHERE id = :id")
              .bind("e", enabled)
              .bind("id", account.agent().id())
              .execute();
          if (!enabled) {
            revokeAll(h, account.agent().id());
          }
          StaffAudit.record(h, now, actor, enabled ? "enable" : "disable", username, null);
          return true;
        });
  }

  /**
   * Changes an account's role and revokes its tokens, so that no stream or token carries the old
   * role on; the user logs in again.
   *
   * @return the role before
   * @throws IllegalArgumentException for an unknown or removed user
   */
  public Role changeRole(String username, Role role, String actor, Instant now) {
    return inRevokingTransaction(
        h -> {
          Account account = existing(h, username);
          Role before = account.agent().role();
          h.createUpdate("UPDATE agents SET role = :r WHERE id = :id")
              .bind("r", role.name())
              .bind("id", account.agent().id())
              .execute();
          revokeAll(h, account.agent().id());
          StaffAudit.record(
              h, now, actor, "role", username, before.wireName() + " -> " + role.wireName());
          return before;
        });
  }

  /**
   * Sets a new password and revokes the account's tokens (a reset usually follows a leak).
   *
   * @throws IllegalArgumentException for an unknown or removed user
   */
  public void resetPassword(String username, String passwordHash, String actor, Instant now) {
    useRevokingTransaction(
        h -> {
          Account account = existing(h, username);
          h.createUpdate("UPDATE agents SET password_hash = :p WHERE id = :id")
              .bind("p", passwordHash)
              .bind("id", account.agent().id())
              .execute();
          revokeAll(h, account.agent().id());
          StaffAudit.record(h, now, actor, "reset-password", username, null);
        });
  }

  /**
   * Removes an account for good. The row stays, marked removed, disabled and without a password:
   * sessions refer to it by id and timelines by user name, so deleting it would break the tickets'
   * history or let a new account with the same user name inherit it. Its tokens go at once.
   *
   * @throws IllegalArgumentException for an unknown or already removed user
   */
  public void remove(String username, String actor, Instant now) {
    useRevokingTransaction(
        h -> {
          Account account = existing(h, username);
          h.createUpdate(
                  "UPDATE agents SET enabled = FALSE, removed_at = :at, password_hash = :p"
                      + " WHERE id = :id")
              .bind("at", utc(now))
              .bind("p", NO_PASSWORD)
              .bind("id", account.agent().id())
              .execute();
          revokeAll(h, account.agent().id());
          StaffAudit.record(h, now, actor, "remove", username, null);
        });
  }

  /**
   * Runs a transaction that may revoke tokens, then tells the database so once it has committed:
   * nothing read about a token before it is trusted after it (see {@link #revocations}).
   */
  private <T> T inRevokingTransaction(HandleCallback<T, RuntimeException> change) {
    try {
      return jdbi.inTransaction(change);
    } finally {
      database.tokensRevoked();
    }
  }

  private void useRevokingTransaction(HandleConsumer<RuntimeException> change) {
    try {
      jdbi.useTransaction(change);
    } finally {
      database.tokensRevoked();
    }
  }

  @Override
  public long revocations() {
    return database.tokenRevocations();
  }

  private Account existing(Handle h, String username) {
    return h.createQuery(
            "SELECT id, username, display_name, role, enabled, last_login_at, removed_at"
                + " FROM agents WHERE username = :u")
        .bind("u", username)
        .map(AgentStore::account)
        .findOne()
        .filter(a -> a.removedAt() == null)
        .orElseThrow(() -> new IllegalArgumentException("agent " + username + " is unknown"));
  }

  private static Account account(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Account(
        new Agent(
            rs.getLong("id"),
            rs.getString("username"),
            rs.getString("display_name"),
            Role.valueOf(rs.getString("role"))),
        rs.getBoolean("enabled"),
        instant(rs.getObject("last_login_at", OffsetDateTime.class)),
        instant(rs.getObject("removed_at", OffsetDateTime.class)));
  }

  private static void revokeAll(Handle h, long agentId) {
    h.createUpdate("DELETE FROM agent_tokens WHERE agent_id = :a").bind("a", agentId).execute();
  }

  /** Finds a usable account by user name, with its hash. */
  @Override
  public Optional<Credentials> credentials(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.id, a.username, a.display_name, a.role, a.password_hash FROM agents a"
                        + " WHERE a.username = :u AND "
                        + USABLE)
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

  /** The accounts of this role that may log in (enabled, not removed), by user name. */
  public List<Agent> usable(Role role) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.id, a.username, a.display_name, a.role FROM agents a"
                        + " WHERE a.role = :r AND "
                        + USABLE
                        + " ORDER BY a.display_name, a.username")
                .bind("r", role.name())
                .map(
                    (rs, ctx) ->
                        new Agent(
                            rs.getLong("id"),
                            rs.getString("username"),
                            rs.getString("display_name"),
                            Role.valueOf(rs.getString("role"))))
                .list());
  }

  /** Finds a usable account by user name. */
  public Optional<Agent> find(String username) {
    return credentials(username).map(Credentials::agent);
  }

  /** Stores the digest of a newly issued token and notes the login. */
  @Override
  public void saveToken(String tokenHash, long agentId, Instant issuedAt, Instant expiresAt) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO agent_tokens (token_hash, agent_id, issued_at, expires_at)"
                      + " VALUES (:t, :a, :i, :e)")
              .bind("t", tokenHash)
              .bind("a", agentId)
              .bind("i", utc(issuedAt))
              .bind("e", utc(expiresAt))
              .execute();
          h.createUpdate("UPDATE agents SET last_login_at = :i WHERE id = :a")
              .bind("i", utc(issuedAt))
              .bind("a", agentId)
              .execute();
        });
  }

  /** The agent behind an unexpired token digest of a usable account. */
  @Override
  public Optional<TokenOwner> agentForToken(String tokenHash, Instant now) {
    return jdbi.withHandle(h -> tokenOwner(h, tokenHash, now));
  }

  private static Optional<TokenOwner> tokenOwner(Handle h, String tokenHash, Instant now) {
    return h.createQuery(
            "SELECT a.id, a.username, a.display_name, a.role, t.expires_at FROM agent_tokens t"
                + " JOIN agents a ON a.id = t.agent_id"
                + " WHERE t.token_hash = :t AND t.expires_at > :now AND "
                + USABLE)
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
        .findOne();
  }

  @Override
  public Optional<Agent> revokeToken(String tokenHash, Instant now) {
    return inRevokingTransaction(
        h -> {
          Optional<TokenOwner> owner = tokenOwner(h, tokenHash, now);
          if (owner.isEmpty()) {
            return Optional.empty();
          }
          h.createUpdate("DELETE FROM agent_tokens WHERE token_hash = :t")
              .bind("t", tokenHash)
              .execute();
          String username = owner.get().agent().username();
          StaffAudit.record(h, now, username, "logout", username, null);
          return Optional.of(owner.get().agent());
        });
  }

  @Override
  public Set<String> stillGranted(Collection<String> tokenHashes) {
    if (tokenHashes.isEmpty()) {
      return Set.of();
    }
    return jdbi.withHandle(
        h ->
            new HashSet<>(
                h.createQuery(
                        "SELECT t.token_hash FROM agent_tokens t JOIN agents a ON a.id = t.agent_id"
                            + " WHERE t.token_hash IN (<hashes>) AND "
                            + USABLE)
                    .bindList("hashes", List.copyOf(tokenHashes))
                    .mapTo(String.class)
                    .list()));
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

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}
