package puente.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's ticket log read straight from its database, as an auditor would: the session rows
 * and the ticket timeline. H2's AUTO_SERVER mode lets this JVM open the file the broker process
 * holds; each read opens and closes its own connection, so no connection outlives a broker that a
 * test kills.
 */
final class TicketLog {
  /** A row of {@code sessions}. */
  record Session(
      String id,
      long ticketId,
      String state,
      String endReason,
      String refusalReason,
      long bytesToAgent,
      long bytesToCustomer) {}

  /** A row of {@code ticket_events}. */
  record Event(String kind, String actor, String detail) {
    @Override
    public String toString() {
      return kind + " by " + actor + (detail == null ? "" : ": " + detail);
    }
  }

  private final String url;

  TicketLog(Rig rig) {
    this.url = rig.databaseUrl();
  }

  /** The ids of the tickets opened for a licence key, oldest first. */
  List<Long> ticketsOf(String licenceKey) throws SQLException {
    return query(
        "SELECT id FROM tickets WHERE licence_key = ? ORDER BY id",
        rs -> rs.getLong("id"),
        licenceKey);
  }

  /** The sessions registered with a licence key, oldest first. */
  List<Session> sessionsOf(String licenceKey) throws SQLException {
    return query(
        "SELECT s.* FROM sessions s JOIN tickets t ON t.id = s.ticket_id"
            + " WHERE t.licence_key = ? ORDER BY s.created_at, t.id",
        rs ->
            new Session(
                rs.getString("id"),
                rs.getLong("ticket_id"),
                rs.getString("state"),
                rs.getString("end_reason"),
                rs.getString("refusal_reason"),
                rs.getLong("bytes_to_agent"),
                rs.getLong("bytes_to_customer")),
        licenceKey);
  }

  /** The one session registered with a licence key. */
  Session onlySessionOf(String licenceKey) throws SQLException {
    List<Session> sessions = sessionsOf(licenceKey);
    if (sessions.size() != 1) {
      throw new AssertionError("expected one session for " + licenceKey + ", found " + sessions);
    }
    return sessions.get(0);
  }

  /** A ticket's timeline, oldest first. */
  List<Event> timeline(long ticketId) throws SQLException {
    return query(
        "SELECT kind, actor, detail FROM ticket_events WHERE ticket_id = ? ORDER BY id",
        rs -> new Event(rs.getString("kind"), rs.getString("actor"), rs.getString("detail")),
        ticketId);
  }

  /** How many sessions are in a live state (WAITING, CONSENT or ACTIVE). */
  int liveSessions() throws SQLException {
    return query(
            "SELECT COUNT(*) FROM sessions WHERE state IN ('WAITING', 'CONSENT', 'ACTIVE')",
            rs -> rs.getInt(1))
        .get(0);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Row<T> row, Object... parameters) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(row.read(rs));
        }
      }
      return rows;
    }
  }
}
