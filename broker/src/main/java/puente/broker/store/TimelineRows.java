package puente.broker.store;

import static puente.broker.store.AgentStore.utc;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;

/** Reading and appending ticket timeline entries: the one place that knows their columns. */
final class TimelineRows {
  private TimelineRows() {}

  /** Appends one entry. */
  static void add(
      Handle h,
      long ticketId,
      String sessionId,
      Instant at,
      String actor,
      EventKind kind,
      String detail) {
    h.createUpdate(
            "INSERT INTO ticket_events (ticket_id, session_id, at, actor, kind, detail)"
                + " VALUES (:t, :s, :at, :actor, :kind, :detail)")
        .bind("t", ticketId)
        .bind("s", sessionId)
        .bind("at", utc(at))
        .bind("actor", actor)
        .bind("kind", kind.name())
        .bind("detail", detail)
        .execute();
  }

  /** A ticket's timeline, oldest first. */
  static List<TimelineEntry> of(Handle h, long ticketId) {
    return h.createQuery("SELECT * FROM ticket_events WHERE ticket_id = :t ORDER BY id")
        .bind("t", ticketId)
        .map(
            (rs, ctx) ->
                new TimelineEntry(
                    rs.getLong("id"),
                    rs.getLong("ticket_id"),
                    rs.getString("session_id"),
                    TicketRows.instant(rs, "at"),
                    rs.getString("actor"),
                    EventKind.valueOf(rs.getString("kind")),
                    rs.getString("detail")))
        .list();
  }
}
