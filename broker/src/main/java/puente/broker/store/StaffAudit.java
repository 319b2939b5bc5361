package puente.broker.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import puente.broker.auth.AuditEntry;

/** The audit log of staff accounts and API keys. Rows are written in the change's transaction. */
public final class StaffAudit {
  private final Jdbi jdbi;

  /** The log in the given database. */
  public StaffAudit(Database database) {
    this.jdbi = database.jdbi();
  }

  /** Writes one row on the handle of the change it records. */
  static void record(
      Handle h, Instant at, String actor, String action, String target, String detail) {
    h.createUpdate(
            "INSERT INTO staff_audit (at, actor, action, target, detail)"
                + " VALUES (:at, :actor, :action, :target, :detail)")
        .bind("at", AgentStore.utc(at))
        .bind("actor", actor)
        .bind("action", action)
        .bind("target", target)
        .bind("detail", detail)
        .execute();
  }

  /** The latest rows, newest first. */
  public List<AuditEntry> recent(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT at, actor, action, target, detail FROM staff_audit"
                        + " ORDER BY at DESC, id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(StaffAudit::entry)
                .list());
  }

  /** Every row, oldest first. */
  public List<AuditEntry> entries() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT at, actor, action, target, detail FROM staff_audit ORDER BY at, id")
                .map(StaffAudit::entry)
                .list());
  }

  private static AuditEntry entry(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AuditEntry(
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("detail"));
  }
}
