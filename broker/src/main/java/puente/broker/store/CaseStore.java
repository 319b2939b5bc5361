package puente.broker.store;

import static puente.broker.store.AgentStore.utc;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.CaseBook;
import puente.broker.ticket.Change;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketFilter;
import puente.broker.ticket.TicketState;
import puente.v1.RefusalReason;

/**
 * The lifecycle side of tickets: reading them, saving changes with optimistic concurrency, the
 * queue, pages for the REST API, and the billable time of their sessions. Every change is saved
 * together with its timeline entries in one transaction.
 */
public final class CaseStore implements CaseBook {
  /** Enough for any realistic contention on one ticket; each retry re-reads the ticket. */
  private static final int MAX_ATTEMPTS = 200;

  private final Jdbi jdbi;

  /** A store over the given database. */
  public CaseStore(Database database) {
    this.jdbi = database.jdbi();
  }

  /** Reads a ticket as it is now. */
  @Override
  public Optional<Ticket> find(long id) {
    return jdbi.withHandle(h -> TicketRows.find(h, id));
  }

  /**
   * Changes a ticket: reads it, computes the change, and saves it with its timeline entries if
   * nobody changed the ticket meanwhile; otherwise reads it again and recomputes, so that two
   * agents' concurrent changes are both applied (or the later one refused) and none is lost.
   *
   * @param id the ticket
   * @param change a pure function from the ticket as read to its change; may throw a refusal
   * @param at when, for the timeline entries
   * @param actor who, for the timeline entries
   * @return the ticket after the change
   * @throws RefusalException TICKET_NOT_FOUND, or whatever {@code change} refuses
   */
  @Override
  public Ticket change(long id, Function<Ticket, Change> change, Instant at, String actor) {
    for (int attempt = 1; ; attempt++) {
      Ticket current = find(id).orElseThrow(() -> notFound(id));
      Change computed = change.apply(current);
      if (computed.isEmpty()) {
        return current;
      }
      if (trySave(computed, at, actor)) {
        return find(id).orElseThrow(() -> notFound(id));
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw RefusalException.of(RefusalReason.CONFLICT, "ticket.busy", Long.toString(id));
      }
      Thread.yield();
    }
  }

  /** Appends a timeline entry that changes no state. */
  @Override
  public void record(long ticketId, Instant at, String actor, EventKind kind, String detail) {
    jdbi.useHandle(h -> TimelineRows.add(h, ticketId, null, at, actor, kind, detail));
  }

  /**
   * Opens a ticket that follows up a closed one (P20), copying what the case is about, with an
   * entry on both timelines.
   *
   * @param closed the closed ticket
   * @param acknowledgeAt when the new ticket is acknowledged (P13)
   * @return the new ticket's id
   */
  @Override
  public long openFollowUp(
      Ticket closed, String actor, String note, Instant at, Instant acknowledgeAt) {
    return jdbi.inTransaction(
        h -> {
          long id =
              TicketRows.insert(
                  h,
                  closed.origin(),
                  at,
                  acknowledgeAt,
                  closed.category(),
                  closed.priority(),
                  actor,
                  closed.id());
          TimelineRows.add(
              h,
              id,
              null,
              at,
              actor,
              EventKind.TICKET_OPENED,
              "follows=" + closed.id() + (note == null || note.isBlank() ? "" : "; " + note));
          TimelineRows.add(
              h, closed.id(), null, at, actor, EventKind.FOLLOW_UP_OPENED, "ticket=" + id);
          return id;
        });
  }

  /**
   * The open tickets to serve, by priority (P17) then age: those assigned to one agent or to
   * nobody, or everyone's.
   *
   * @param assignee the agent's user name, or null for everyone's
   * @param state only this state, or null for every open state
   * @param limit at most this many
   */
  @Override
  public List<Ticket> queue(String assignee, TicketState state, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM tickets WHERE state IN (<open>)");
    if (state != null) {
      sql.append(" AND state = :state");
    }
    if (assignee != null) {
      sql.append(" AND (assignee = :assignee OR assignee IS NULL)");
    }
    // Tickets without a category yet (no session admitted) come after every known priority.
    sql.append(" ORDER BY COALESCE(priority, 2147483647), opened_at, id LIMIT :limit");
    return jdbi.withHandle(
        h -> {
          Query query =
              h.createQuery(sql.toString()).bindList("open", TicketRows.OPEN).bind("limit", limit);
          if (state != null) {
            query.bind("state", state.name());
          }
          if (assignee != null) {
            query.bind("assignee", assignee);
          }
          return query.map((rs, ctx) -> TicketRows.map(rs)).list();
        });
  }

  /**
   * A page of tickets, newest first.
   *
   * @param state only this state, or null for all
   * @param page the page, from 1
   * @param size tickets per page
   */
  @Override
  public Page page(TicketState state, int page, int size) {
    String where = state == null ? "" : " WHERE state = :state";
    return jdbi.withHandle(
        h -> {
          Query count = h.createQuery("SELECT COUNT(*) FROM tickets" + where);
          Query items =
              h.createQuery(
                      "SELECT * FROM tickets"
                          + where
                          + " ORDER BY id DESC LIMIT :size OFFSET :skip")
                  .bind("size", size)
                  .bind("skip", (long) (page - 1) * size);
          if (state != null) {
            count.bind("state", state.name());
            items.bind("state", state.name());
          }
          return new Page(
              items.map((rs, ctx) -> TicketRows.map(rs)).list(), count.mapTo(Long.class).one());
        });
  }

  @Override
  public Page search(TicketFilter filter, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    Map<String, Object> binds = new java.util.LinkedHashMap<>();
    if (filter.state() != null) {
      where.append(" AND state = :state");
      binds.put("state", filter.state().name());
    }
    if (filter.category() != null) {
      where.append(" AND category = :category");
      binds.put("category", filter.category());
    }
    if (filter.agent() != null) {
      where.append(
          " AND (assignee = :agent OR id IN (SELECT s.ticket_id FROM sessions s"
              + " JOIN session_participants p ON p.session_id = s.id"
              + " WHERE p.participant = :agent))");
      binds.put("agent", filter.agent());
    }
    if (filter.customer() != null) {
      where.append(" AND (LOWER(customer_name) LIKE :customerLike OR licence_key = :customer)");
      binds.put(
          "customerLike", "%" + likeEscaped(filter.customer().toLowerCase(Locale.ROOT)) + "%");
      binds.put("customer", filter.customer());
    }
    if (filter.openedFrom() != null) {
      where.append(" AND opened_at >= :from");
      binds.put("from", utc(filter.openedFrom()));
    }
    if (filter.openedBefore() != null) {
      where.append(" AND opened_at < :before");
      binds.put("before", utc(filter.openedBefore()));
    }
    return jdbi.withHandle(
        h -> {
          Query count = h.createQuery("SELECT COUNT(*) FROM tickets" + where);
          Query items =
              h.createQuery(
                      "SELECT * FROM tickets"
                          + where
                          + " ORDER BY id DESC LIMIT :size OFFSET :skip")
                  .bind("size", size)
                  .bind("skip", (long) (page - 1) * size);
          binds.forEach(
              (name, value) -> {
                count.bind(name, value);
                items.bind(name, value);
              });
          return new Page(
              items.map((rs, ctx) -> TicketRows.map(rs)).list(), count.mapTo(Long.class).one());
        });
  }

  // LIKE's own characters in a customer's search are matched literally (H2 and PostgreSQL both
  // take backslash as the default escape).
  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /**
   * Tickets the periodic sweep may have to act on at an instant: open and not yet acknowledged
   * though due (P13), or waiting on the customer (P19).
   */
  @Override
  public List<Long> sweepCandidates(Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM tickets WHERE state = :waiting"
                        + " OR (state IN (<open>) AND acknowledged = FALSE"
                        + " AND acknowledge_at <= :now) ORDER BY id")
                .bind("waiting", TicketState.WAITING_ON_CUSTOMER.name())
                .bindList("open", TicketRows.OPEN)
                .bind("now", utc(now))
                .mapTo(Long.class)
                .list());
  }

  /**
   * Billable advisory time of tickets (P8): the sum of the real durations of their finished
   * sessions that admission decided were billable.
   *
   * @return the time per ticket id; tickets without billable sessions are absent
   */
  @Override
  public Map<Long, Duration> billable(Collection<Long> ticketIds) {
    Map<Long, Duration> result = new HashMap<>();
    if (ticketIds.isEmpty()) {
      return result;
    }
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT ticket_id, started_at, ended_at FROM sessions"
                        + " WHERE ticket_id IN (<ids>) AND billable = TRUE"
                        + " AND started_at IS NOT NULL AND ended_at IS NOT NULL")
                .bindList("ids", List.copyOf(ticketIds))
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getLong("ticket_id"),
                            Duration.between(
                                TicketRows.instant(rs, "started_at"),
                                TicketRows.instant(rs, "ended_at"))))
                .forEach(e -> result.merge(e.getKey(), e.getValue(), Duration::plus)));
    return result;
  }

  private boolean trySave(Change change, Instant at, String actor) {
    try {
      return jdbi.inTransaction(
          h -> {
            if (!TicketRows.save(h, change.after())) {
              h.rollback();
              return false;
            }
            for (Change.Event event : change.events()) {
              TimelineRows.add(
                  h, change.after().id(), null, at, actor, event.kind(), event.detail());
            }
            return true;
          });
    } catch (org.jdbi.v3.core.JdbiException e) {
      if (isConcurrentUpdate(e)) {
        return false;
      }
      throw e;
    }
  }

  /** H2 reports a row changed under it, PostgreSQL a serialization failure or deadlock. */
  private static boolean isConcurrentUpdate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        int code = sql.getErrorCode();
        if ("40001".equals(state) || "40P01".equals(state) || code == 90131 || code == 50200) {
          return true;
        }
      }
    }
    return false;
  }

  static RefusalException notFound(long id) {
    return RefusalException.of(
        RefusalReason.TICKET_NOT_FOUND, "ticket.notFound", Long.toString(id));
  }
}
