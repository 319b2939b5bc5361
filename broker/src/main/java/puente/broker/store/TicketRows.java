package puente.broker.store;

import static puente.broker.store.AgentStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;
import puente.broker.ticket.CloseReason;
import puente.broker.ticket.NewTicket;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketState;

/** Reading and writing whole ticket rows: the one place that knows the columns. */
final class TicketRows {
  /** The names of the states in which a case is open (P20: CLOSED is for good). */
  static final List<String> OPEN = TicketState.names(true);

  /** The columns a change can write, with how each is read from a ticket. */
  private static final List<Column> CHANGEABLE =
      List.of(
          new Column("state", t -> t.state().name()),
          new Column("close_reason", t -> t.closeReason() == null ? null : t.closeReason().name()),
          new Column("closed_at", t -> time(t.closedAt())),
          new Column("assignee", Ticket::assignee),
          new Column("category", Ticket::category),
          new Column("priority", Ticket::priority),
          new Column("acknowledge_at", t -> time(t.acknowledgeAt())),
          new Column("acknowledged", Ticket::acknowledged),
          new Column("updated_at", t -> time(t.updatedAt())),
          new Column("waiting_since", t -> time(t.waitingSince())),
          new Column("contact_attempts", Ticket::contactAttempts),
          new Column("reminded_at", t -> time(t.remindedAt())),
          new Column("information_complete_at", t -> time(t.informationCompleteAt())),
          new Column("due_at", t -> time(t.dueAt())),
          new Column("paused_at", t -> time(t.pausedAt())),
          new Column("reproduced", Ticket::reproduced),
          new Column("promised_release", Ticket::promisedRelease),
          new Column("third_party", Ticket::thirdParty),
          new Column("third_party_delivered_at", t -> time(t.thirdPartyDeliveredAt())),
          new Column("duplicate_of", Ticket::duplicateOf));

  private TicketRows() {}

  /** Reads a ticket. */
  static Optional<Ticket> find(Handle h, long id) {
    return h.createQuery("SELECT * FROM tickets WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /**
   * Reads a ticket and locks its row until the transaction ends, so that what is decided from it is
   * written before anyone else changes it ({@code FOR UPDATE}: H2 and PostgreSQL).
   */
  static Optional<Ticket> lock(Handle h, long id) {
    return h.createQuery("SELECT * FROM tickets WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /** Inserts a new ticket and returns its id. */
  static long insert(
      Handle h,
      NewTicket origin,
      Instant at,
      Instant acknowledgeAt,
      String category,
      Integer priority,
      String assignee,
      Long follows) {
    return h.createUpdate(
            "INSERT INTO tickets (licence_key, customer_name, product, installed_version,"
                + " machine_id, hostname, category, priority, assignee, state, opened_at,"
                + " updated_at, acknowledge_at, acknowledged, follows) VALUES (:key, :customer,"
                + " :product, :version, :machine, :host, :category, :priority, :assignee, :state,"
                + " :at, :at, :ack, :acknowledged, :follows)")
        .bind("key", origin.licenceKey())
        .bind("customer", origin.customerName())
        .bind("product", origin.product())
        .bind("version", origin.installedVersion())
        .bind("machine", origin.machineId())
        .bind("host", origin.hostname())
        .bind("category", category)
        .bind("priority", priority)
        .bind("assignee", assignee)
        .bind("state", TicketState.NEW.name())
        .bind("at", utc(at))
        .bind("ack", utc(acknowledgeAt))
        // P13: in office hours the ticket is acknowledged the moment it is received.
        .bind("acknowledged", !acknowledgeAt.isAfter(at))
        .bind("follows", follows)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /**
   * Saves a changed ticket if nobody changed it since it was read, bumping its version.
   *
   * @return whether it was saved; false means another writer got there first
   */
  static boolean save(Handle h, Ticket t) {
    Update update =
        h.createUpdate(
            "UPDATE tickets SET state = :state, close_reason = :closeReason,"
                + " closed_at = :closedAt, assignee = :assignee, category = :category,"
                + " priority = :priority, acknowledge_at = :acknowledgeAt,"
                + " acknowledged = :acknowledged, updated_at = :updatedAt,"
                + " waiting_since = :waitingSince, contact_attempts = :attempts,"
                + " reminded_at = :remindedAt, information_complete_at = :complete,"
                + " due_at = :dueAt, paused_at = :pausedAt, reproduced = :reproduced,"
                + " promised_release = :release, third_party = :party,"
                + " third_party_delivered_at = :delivered, duplicate_of = :duplicateOf,"
                + " version = version + 1 WHERE id = :id AND version = :expected");
    update
        .bind("state", t.state().name())
        .bind("closeReason", t.closeReason() == null ? null : t.closeReason().name())
        .bind("assignee", t.assignee())
        .bind("category", t.category())
        .bind("priority", t.priority())
        .bind("acknowledged", t.acknowledged())
        .bind("attempts", t.contactAttempts())
        .bind("reproduced", t.reproduced())
        .bind("release", t.promisedRelease())
        .bind("party", t.thirdParty())
        .bind("duplicateOf", t.duplicateOf())
        .bind("id", t.id())
        .bind("expected", t.version());
    time(update, "closedAt", t.closedAt());
    time(update, "acknowledgeAt", t.acknowledgeAt());
    time(update, "updatedAt", t.updatedAt());
    time(update, "waitingSince", t.waitingSince());
    time(update, "remindedAt", t.remindedAt());
    time(update, "complete", t.informationCompleteAt());
    time(update, "dueAt", t.dueAt());
    time(update, "pausedAt", t.pausedAt());
    time(update, "delivered", t.thirdPartyDeliveredAt());
    return update.execute() == 1;
  }

  /**
   * Writes a decided ticket if it differs from the ticket as read, bumping its version, if nobody
   * changed it since it was read. Writes nothing when nothing differs. The whole row is written
   * with one statement text, which the database parses once: both H2 and PostgreSQL rewrite the
   * whole row for any change anyway.
   *
   * @return whether it is saved; false means another writer got there first
   */
  static boolean saveChanges(Handle h, Ticket read, Ticket decided) {
    if (decided.version() != read.version()) {
      throw new IllegalArgumentException(
          "decided version: " + decided.version() + " (expected: " + read.version() + ")");
    }
    boolean changed =
        CHANGEABLE.stream()
            .anyMatch(c -> !Objects.equals(c.value().apply(read), c.value().apply(decided)));
    return !changed || save(h, decided);
  }

  /** Maps a {@code SELECT *} row of {@code tickets}. */
  static Ticket map(ResultSet rs) throws SQLException {
    String closeReason = rs.getString("close_reason");
    return new Ticket(
        rs.getLong("id"),
        new NewTicket(
            rs.getString("licence_key"),
            rs.getString("customer_name"),
            rs.getString("product"),
            rs.getString("installed_version"),
            rs.getString("machine_id"),
            rs.getString("hostname")),
        rs.getString("category"),
        rs.getObject("priority", Integer.class),
        TicketState.valueOf(rs.getString("state")),
        closeReason == null ? null : CloseReason.valueOf(closeReason),
        rs.getString("assignee"),
        instant(rs, "opened_at"),
        instant(rs, "acknowledge_at"),
        rs.getBoolean("acknowledged"),
        instant(rs, "updated_at"),
        instant(rs, "closed_at"),
        instant(rs, "waiting_since"),
        rs.getInt("contact_attempts"),
        instant(rs, "reminded_at"),
        instant(rs, "information_complete_at"),
        instant(rs, "due_at"),
        instant(rs, "paused_at"),
        rs.getBoolean("reproduced"),
        rs.getString("promised_release"),
        rs.getString("third_party"),
        instant(rs, "third_party_delivered_at"),
        rs.getObject("duplicate_of", Long.class),
        rs.getObject("follows", Long.class),
        rs.getLong("version"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static void time(Update update, String name, Instant value) {
    update.bindByType(name, time(value), OffsetDateTime.class);
  }

  private static OffsetDateTime time(Instant value) {
    return value == null ? null : utc(value);
  }

  /** A column of {@code tickets} a change can write. */
  private record Column(String name, Function<Ticket, Object> value) {}
}
