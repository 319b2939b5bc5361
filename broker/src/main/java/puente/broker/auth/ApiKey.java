package puente.broker.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A key for a helpdesk integration. It reads through the REST API within its scopes and is never a
 * member of staff: it cannot open, join or watch a session, nor call any gRPC service.
 *
 * @param id database id, what {@code broker apikey revoke} takes
 * @param name what the operator called it
 * @param scopes what it may do
 * @param createdAt when it was issued
 * @param createdBy who issued it
 * @param revokedAt when it was revoked, or null while it works
 * @param lastUsedAt when it last read through the REST API (to the minute), or null if never
 */
public record ApiKey(
    long id,
    String name,
    Set<ApiScope> scopes,
    Instant createdAt,
    String createdBy,
    Instant revokedAt,
    Instant lastUsedAt) {
  /** The prefix of every key, so a key is never mistaken for a staff token. */
  public static final String PREFIX = "pk_";

  /** Whether the key was issued with this scope. */
  public boolean allows(ApiScope scope) {
    return scopes.contains(scope);
  }
}
