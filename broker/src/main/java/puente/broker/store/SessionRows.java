package puente.broker.store;

import static puente.broker.store.AgentStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import puente.broker.ticket.SessionRecord;
import puente.broker.ticket.SessionState;

/** Reading and writing session rows: the one place that knows their columns. */
final class SessionRows {
  /** Session states that mean "not finished"; found at start-up, they were cut by a crash. */
  static final List<String> LIVE = SessionState.names(true);

  /** Session states that mean "finished": a finished session is not finished again. */
  static final List<String> FINISHED = SessionState.names(false);

  private SessionRows() {}

  /** Inserts a registered session, waiting for an agent. */
  static void insert(Handle h, long ticketId, String sessionId, Instant at) {
    h.createUpdate(
            "INSERT INTO sessions (id, ticket_id, state, created_at)"
                + " VALUES (:id, :ticket, :state, :at)")
        .bind("id", sessionId)
        .bind("ticket", ticketId)
        .bind("state", SessionState.WAITING.name())
        .bind("at", utc(at))
        .execute();
  }

  /** Reads a session. */
  static Optional<SessionRecord> find(Handle h, String sessionId) {
    return h.createQuery("SELECT * FROM sessions WHERE id = :id")
        .bind("id", sessionId)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** The sessions in a live state. */
  static List<SessionRecord> live(Handle h) {
    return h.createQuery("SELECT * FROM sessions WHERE state IN (<live>)")
        .bindList("live", LIVE)
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** Counts the sessions in a live state. */
  static int liveCount(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM sessions WHERE state IN (<live>)")
        .bindList("live", LIVE)
        .mapTo(Integer.class)
        .one();
  }

  /**
   * Finishes a session that is not finished yet: its final state, end and refusal reasons, byte
   * counts, and every participant gone.
   *
   * @return whether it was finished now; false when it already was
   */
  static boolean finish(
      Handle h,
      String sessionId,
      SessionState state,
      String endReason,
      String refusalReason,
      Instant at,
      long bytesToAgent,
      long bytesToCustomer) {
    int changed =
        h.createUpdate(
                "UPDATE sessions SET state = :state, end_reason = :reason,"
                    + " refusal_reason = :refusal, ended_at = :at, bytes_to_agent = :toAgent,"
                    + " bytes_to_customer = :toCustomer WHERE id = :id"
                    + " AND state NOT IN (<finished>)")
            .bind("state", state.name())
            .bindList("finished", FINISHED)
            .bind("reason", endReason)
            .bind("refusal", refusalReason)
            .bind("at", utc(at))
            .bind("toAgent", bytesToAgent)
            .bind("toCustomer", bytesToCustomer)
            .bind("id", sessionId)
            .execute();
    if (changed == 0) {
      return false;
    }
    everyoneLeft(h, sessionId, at);
    return true;
  }

  /** Ends a session a previous run left live, keeping the byte counts last saved. */
  static Instant endOrphan(Handle h, String sessionId, String endReason) {
    Instant at =
        h.createQuery(
                "SELECT COALESCE(checkpoint_at, started_at, created_at) FROM sessions"
                    + " WHERE id = :id")
            .bind("id", sessionId)
            .mapTo(java.time.OffsetDateTime.class)
            .one()
            .toInstant();
    h.createUpdate(
            "UPDATE sessions SET state = :state, end_reason = :reason, ended_at = :at"
                + " WHERE id = :id")
        .bind("state", SessionState.endedWith(null).name())
        .bind("reason", endReason)
        .bind("at", utc(at))
        .bind("id", sessionId)
        .execute();
    everyoneLeft(h, sessionId, at);
    return at;
  }

  /** Saves the byte counts of an active session. */
  static void checkpoint(
      Handle h, String sessionId, long bytesToAgent, long bytesToCustomer, Instant at) {
    h.createUpdate(
            "UPDATE sessions SET bytes_to_agent = :a, bytes_to_customer = :c, checkpoint_at = :at"
                + " WHERE id = :id AND state = :active")
        .bind("at", utc(at))
        .bind("a", bytesToAgent)
        .bind("c", bytesToCustomer)
        .bind("active", SessionState.ACTIVE.name())
        .bind("id", sessionId)
        .execute();
  }

  /** Marks every participant still in a session as gone. */
  static void everyoneLeft(Handle h, String sessionId, Instant at) {
    h.createUpdate(
            "UPDATE session_participants SET left_at = :at"
                + " WHERE session_id = :s AND left_at IS NULL")
        .bind("s", sessionId)
        .bind("at", utc(at))
        .execute();
  }

  /** Maps a {@code SELECT *} row of {@code sessions}. */
  static SessionRecord map(ResultSet rs) throws SQLException {
    return new SessionRecord(
        rs.getString("id"),
        rs.getLong("ticket_id"),
        rs.getString("state"),
        rs.getString("end_reason"),
        rs.getString("refusal_reason"),
        TicketRows.instant(rs, "started_at"),
        TicketRows.instant(rs, "ended_at"),
        rs.getLong("bytes_to_agent"),
        rs.getLong("bytes_to_customer"));
  }
}
