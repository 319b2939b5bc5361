package puente.broker.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import puente.broker.auth.ApiKey;
import puente.broker.auth.ApiKeys;
import puente.broker.auth.ApiScope;

/** API keys for helpdesk integrations, kept as digests; every change on the audit log. */
public final class ApiKeyStore implements ApiKeys {
  private static final String COLUMNS =
      "id, name, scopes, created_at, created_by, revoked_at, last_used_at";
  private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

  private final Jdbi jdbi;

  /** A store over the given database. */
  public ApiKeyStore(Database database) {
    this.jdbi = database.jdbi();
  }

  /**
   * Keeps a new key's digest.
   *
   * @return the key as listed (never the secret)
   */
  public ApiKey create(
      String name, Set<ApiScope> scopes, String keyHash, String actor, Instant now) {
    String scopeList =
        scopes.stream().map(ApiScope::wireName).sorted().collect(Collectors.joining(","));
    return jdbi.inTransaction(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO api_keys (name, key_hash, scopes, created_at, created_by)"
                          + " VALUES (:n, :k, :s, :at, :by)")
                  .bind("n", name)
                  .bind("k", keyHash)
                  .bind("s", scopeList)
                  .bind("at", AgentStore.utc(now))
                  .bind("by", actor)
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          StaffAudit.record(h, now, actor, "apikey-create", "key " + id + " " + name, scopeList);
          return new ApiKey(id, name, EnumSet.copyOf(scopes), now, actor, null, null);
        });
  }

  /** Every key, revoked ones included, oldest first. */
  public List<ApiKey> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM api_keys" + " ORDER BY id")
                .map(ApiKeyStore::key)
                .list());
  }

  /**
   * Revokes a key; it is refused from its next use on.
   *
   * @throws IllegalArgumentException for an unknown or already revoked key
   */
  public ApiKey revoke(long id, String actor, Instant now) {
    return jdbi.inTransaction(
        h -> {
          ApiKey key =
              h.createQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM api_keys"
                          + " WHERE id = :id AND revoked_at IS NULL")
                  .bind("id", id)
                  .map(ApiKeyStore::key)
                  .findOne()
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException("API key " + id + " is unknown or revoked"));
          h.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE id = :id")
              .bind("at", AgentStore.utc(now))
              .bind("id", id)
              .execute();
          StaffAudit.record(h, now, actor, "apikey-revoke", "key " + id + " " + key.name(), null);
          return key;
        });
  }

  @Override
  public Optional<ApiKey> active(String keyHash) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM api_keys"
                        + " WHERE key_hash = :k AND revoked_at IS NULL")
                .bind("k", keyHash)
                .map(ApiKeyStore::key)
                .findOne());
  }

  @Override
  public void noteUse(ApiKey key, Instant at) {
    if (key.lastUsedAt() != null && at.isBefore(key.lastUsedAt().plus(USE_RESOLUTION))) {
      return;
    }
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE api_keys SET last_used_at = :at WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at < :at)")
                .bind("at", AgentStore.utc(at))
                .bind("id", key.id())
                .execute());
  }

  private static ApiKey key(ResultSet rs, StatementContext ctx) throws SQLException {
    OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
    OffsetDateTime used = rs.getObject("last_used_at", OffsetDateTime.class);
    return new ApiKey(
        rs.getLong("id"),
        rs.getString("name"),
        Arrays.stream(rs.getString("scopes").split(","))
            .map(ApiScope::parse)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiScope.class))),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("created_by"),
        revoked == null ? null : revoked.toInstant(),
        used == null ? null : used.toInstant());
  }
}
