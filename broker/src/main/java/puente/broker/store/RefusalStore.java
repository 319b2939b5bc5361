package puente.broker.store;

import static java.util.Objects.requireNonNull;
import static puente.broker.store.AgentStore.utc;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.refusal.RefusalLog;
import puente.v1.RefusalReason;

/**
 * The refusal log in SQL ({@code refusal_log}). Its growth is bounded twice: refusals with no
 * ticket that repeat the same reason, stage, licence, product and version on one day of the
 * policy's calendar add to one row's count; past {@code distinctPerDay} such rows in a day, the
 * rest of that day's ticketless refusals of a reason fold into one row without licence or product
 * (a flood of made-up keys). Rows older than {@code keepDays} are deleted, at most once a day.
 */
public final class RefusalStore implements RefusalLog {
  private static final Logger log = LoggerFactory.getLogger(RefusalStore.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Supplier<ZoneId> zone;
  private final int keepDays;
  private final int distinctPerDay;
  private LocalDate purgedOn;

  /**
   * The log in the given database.
   *
   * @param clock when rows are old enough to delete
   * @param zone the policy's zone, whose days bound the aggregation
   * @param keepDays rows are kept this many days (at least 7: the console shows a week)
   * @param distinctPerDay ticketless rows per day before the rest fold into one per reason
   */
  public RefusalStore(
      Database database, Clock clock, Supplier<ZoneId> zone, int keepDays, int distinctPerDay) {
    if (keepDays < 7) {
      throw new IllegalArgumentException("keepDays: " + keepDays + " (expected: >= 7)");
    }
    if (distinctPerDay < 1) {
      throw new IllegalArgumentException("distinctPerDay: " + distinctPerDay + " (expected: >= 1)");
    }
    this.jdbi = database.jdbi();
    this.clock = requireNonNull(clock, "clock");
    this.zone = requireNonNull(zone, "zone");
    this.keepDays = keepDays;
    this.distinctPerDay = distinctPerDay;
  }

  @Override
  public void record(Entry entry) {
    requireNonNull(entry, "entry");
    try {
      purgeIfDue();
      // One writer at a time on this node, so that two alike refusals never open two rows.
      synchronized (this) {
        jdbi.useTransaction(h -> write(h, entry));
      }
    } catch (RuntimeException e) {
      log.error("could not record a {} refusal: {}", entry.reason(), e.toString());
    }
  }

  private void write(Handle h, Entry entry) {
    if (entry.ticketId() != null) {
      insert(h, entry);
      return;
    }
    Instant dayStart = dayStart(entry.at());
    if (addTo(h, entry, dayStart)) {
      return;
    }
    int distinct =
        h.createQuery("SELECT COUNT(*) FROM refusal_log WHERE ticket_id IS NULL AND at >= :day")
            .bind("day", utc(dayStart))
            .mapTo(Integer.class)
            .one();
    if (distinct < distinctPerDay) {
      insert(h, entry);
      return;
    }
    Entry folded =
        new Entry(
            entry.at(),
            entry.reason(),
            entry.stage(),
            null,
            null,
            null,
            null,
            null,
            entry.actor(),
            entry.shown(),
            entry.repeats());
    if (!addTo(h, folded, dayStart)) {
      insert(h, folded);
    }
  }

  /** Adds to today's row of the same kind, if there is one. */
  private static boolean addTo(Handle h, Entry entry, Instant dayStart) {
    return h.createUpdate(
                "UPDATE refusal_log SET repeats = repeats + :n, last_at = :at"
                    + " WHERE ticket_id IS NULL AND at >= :day AND reason = :reason"
                    + " AND stage = :stage AND COALESCE(licence_key, '') = :licence"
                    + " AND COALESCE(product, '') = :product AND COALESCE(version, '') = :version")
            .bind("n", entry.repeats())
            .bind("at", utc(entry.at()))
            .bind("day", utc(dayStart))
            .bind("reason", entry.reason().name())
            .bind("stage", entry.stage().name())
            .bind("licence", cut(entry.licenceKey(), 64, ""))
            .bind("product", cut(entry.product(), 64, ""))
            .bind("version", cut(entry.version(), 64, ""))
            .execute()
        > 0;
  }

  private static void insert(Handle h, Entry entry) {
    h.createUpdate(
            "INSERT INTO refusal_log (at, last_at, repeats, reason, stage, ticket_id, licence_key,"
                + " customer, product, version, actor, shown) VALUES (:at, :at, :n, :reason,"
                + " :stage, :ticket, :licence, :customer, :product, :version, :actor, :shown)")
        .bind("at", utc(entry.at()))
        .bind("n", entry.repeats())
        .bind("reason", entry.reason().name())
        .bind("stage", entry.stage().name())
        .bind("ticket", entry.ticketId())
        .bind("licence", cut(entry.licenceKey(), 64, null))
        .bind("customer", cut(entry.customer(), 200, null))
        .bind("product", cut(entry.product(), 64, null))
        .bind("version", cut(entry.version(), 64, null))
        .bind("actor", cut(entry.actor(), 64, null))
        .bind("shown", cut(entry.shown(), 1000, null))
        .execute();
  }

  @Override
  public List<Count> counts(Instant from, Instant before) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT reason, SUM(repeats) AS n FROM refusal_log"
                        + " WHERE at >= :from AND at < :before GROUP BY reason"
                        + " ORDER BY n DESC, reason")
                .bind("from", utc(from))
                .bind("before", utc(before))
                .map((rs, ctx) -> new Count(reason(rs.getString("reason")), rs.getLong("n")))
                .list());
  }

  @Override
  public List<Entry> entries(RefusalReason reason, Instant from, Instant before, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM refusal_log WHERE reason = :reason AND at >= :from"
                        + " AND at < :before ORDER BY at DESC, id DESC LIMIT :limit")
                .bind("reason", reason.name())
                .bind("from", utc(from))
                .bind("before", utc(before))
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new Entry(
                            TicketRows.instant(rs, "at"),
                            reason(rs.getString("reason")),
                            Stage.valueOf(rs.getString("stage")),
                            rs.getObject("ticket_id", Long.class),
                            rs.getString("licence_key"),
                            rs.getString("customer"),
                            rs.getString("product"),
                            rs.getString("version"),
                            rs.getString("actor"),
                            rs.getString("shown"),
                            rs.getLong("repeats")))
                .list());
  }

  /**
   * Deletes the rows older than {@code keepDays} whole days of the policy's calendar.
   *
   * @return how many were deleted
   */
  public int purge() {
    Instant cutoff =
        LocalDate.ofInstant(clock.instant(), zone.get())
            .minusDays(keepDays)
            .atStartOfDay(zone.get())
            .toInstant();
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM refusal_log WHERE at < :cutoff")
                .bind("cutoff", utc(cutoff))
                .execute());
  }

  private void purgeIfDue() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), zone.get());
    synchronized (this) {
      if (today.equals(purgedOn)) {
        return;
      }
      purgedOn = today;
    }
    int deleted = purge();
    if (deleted > 0) {
      log.info("deleted {} refusal row(s) older than {} days", deleted, keepDays);
    }
  }

  private Instant dayStart(Instant at) {
    return LocalDate.ofInstant(at, zone.get()).atStartOfDay(zone.get()).toInstant();
  }

  private static RefusalReason reason(String name) {
    try {
      return RefusalReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      // A reason a newer broker wrote, read by an older one.
      return RefusalReason.REFUSAL_REASON_UNSPECIFIED;
    }
  }

  private static String cut(String value, int max, String blank) {
    if (value == null || value.isEmpty()) {
      return blank;
    }
    return value.length() <= max ? value : value.substring(0, max);
  }
}
