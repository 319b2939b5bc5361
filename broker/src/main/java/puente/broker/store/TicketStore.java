package puente.broker.store;

import static puente.broker.store.AgentStore.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import puente.broker.ticket.Change;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.NewTicket;
import puente.broker.ticket.SessionRecord;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketLifecycle;
import puente.broker.ticket.TicketLog;
import puente.broker.ticket.TimelineEntry;

/**
 * Tickets, the sessions logged on them and their timelines. Every state change of a session is
 * written together with its timeline entry, all or nothing, so the two never disagree. The writes
 * of many sessions share a commit ({@link GroupCommit}); each method returns once its own write is
 * committed.
 */
public final class TicketStore implements TicketLog {
  /** Session states that mean "not finished"; found at start-up, they were cut by a crash. */
  private static final List<String> LIVE_STATES = List.of("WAITING", "CONSENT", "ACTIVE");

  private final Jdbi jdbi;
  private final GroupCommit writes;
  private final TicketLifecycle lifecycle;

  /** A store over the given database, under the vendor's default calendar and case rules. */
  public TicketStore(Database database) {
    this(database, TicketLifecycle.defaults());
  }

  /**
   * A store over the given database.
   *
   * @param lifecycle the case rules applied when a helper registers (P13, P19, P21)
   */
  public TicketStore(Database database, TicketLifecycle lifecycle) {
    this.jdbi = database.jdbi();
    this.writes = database.ticketWrites();
    this.lifecycle = lifecycle;
  }

  /**
   * Logs a registering helper's session on its case: the open ticket of the same licence and
   * machine if there is one (P21: the same case is not opened twice; the customer is in touch
   * again, which stops a P19 wait), otherwise a new ticket, acknowledged at once in office hours or
   * at the next opening (P13).
   *
   * @return the ticket's id
   */
  @Override
  public long openTicket(NewTicket ticket, String sessionId, Instant at) {
    for (int attempt = 1; ; attempt++) {
      Long ticketId =
          writes.call(
              h -> {
                Optional<Ticket> open =
                    h.createQuery(
                            "SELECT * FROM tickets WHERE licence_key = :key"
                                + " AND machine_id = :machine AND state <> 'CLOSED'"
                                + " ORDER BY id DESC LIMIT 1")
                        .bind("key", ticket.licenceKey())
                        .bind("machine", ticket.machineId())
                        .map((rs, ctx) -> TicketRows.map(rs))
                        .findOne();
                long id;
                if (open.isPresent()) {
                  Change attached = lifecycle.helperAttached(open.get(), ticket.hostname(), at);
                  if (!TicketRows.save(h, attached.after())) {
                    // Changed since it was read, and nothing written yet: read it again.
                    return null;
                  }
                  id = open.get().id();
                  insertSession(h, id, sessionId, at);
                  for (Change.Event event : attached.events()) {
                    addEvent(h, id, sessionId, at, "customer", event.kind(), event.detail());
                  }
                } else {
                  id =
                      TicketRows.insert(
                          h, ticket, at, lifecycle.acknowledgeAt(at), null, null, null, null);
                  insertSession(h, id, sessionId, at);
                  addEvent(
                      h,
                      id,
                      sessionId,
                      at,
                      "customer",
                      EventKind.TICKET_OPENED,
                      ticket.product()
                          + " "
                          + ticket.installedVersion()
                          + " @ "
                          + ticket.hostname());
                }
                return id;
              });
      if (ticketId != null) {
        return ticketId;
      }
      if (attempt >= 100) {
        throw new IllegalStateException("ticket of " + ticket.machineId() + " kept changing");
      }
    }
  }

  private static void insertSession(Handle h, long ticketId, String sessionId, Instant at) {
    h.createUpdate(
            "INSERT INTO sessions (id, ticket_id, state, created_at)"
                + " VALUES (:id, :ticket, 'WAITING', :at)")
        .bind("id", sessionId)
        .bind("ticket", ticketId)
        .bind("at", utc(at))
        .execute();
  }

  /**
   * Records that an agent asked the customer for consent, with what admission decided: the category
   * and its priority go on the ticket (P17), whether the time is billable on the session (P8).
   */
  @Override
  public void consentRequested(
      long ticketId,
      String sessionId,
      Instant at,
      String actor,
      String category,
      int priority,
      boolean billable,
      String detail) {
    writes.run(
        h -> {
          h.createUpdate(
                  "UPDATE sessions SET state = 'CONSENT', billable = :billable"
                      + " WHERE id = :id AND state <> 'ENDED'")
              .bind("billable", billable)
              .bind("id", sessionId)
              .execute();
          h.createUpdate(
                  "UPDATE tickets SET category = :category, priority = :priority,"
                      + " updated_at = :at, version = version + 1"
                      + " WHERE id = :t AND state <> 'CLOSED'")
              .bind("category", category)
              .bind("priority", priority)
              .bind("at", utc(at))
              .bind("t", ticketId)
              .execute();
          addEvent(h, ticketId, sessionId, at, actor, EventKind.CONSENT_REQUESTED, detail);
        });
  }

  /** Appends a timeline entry that changes no state. */
  @Override
  public void record(
      long ticketId, String sessionId, Instant at, String actor, EventKind kind, String detail) {
    writes.run(h -> addEvent(h, ticketId, sessionId, at, actor, kind, detail));
  }

  /** Moves a live session to a new state and records why. */
  public void transition(
      long ticketId,
      String sessionId,
      String state,
      Instant at,
      String actor,
      EventKind kind,
      String detail) {
    writes.run(
        h -> {
          h.createUpdate("UPDATE sessions SET state = :state WHERE id = :id AND state <> 'ENDED'")
              .bind("state", state)
              .bind("id", sessionId)
              .execute();
          addEvent(h, ticketId, sessionId, at, actor, kind, detail);
        });
  }

  /** Records that relaying started, with the access granted and the agent who opened it. */
  public void started(
      long ticketId, String sessionId, String access, long agentId, Instant at, String actor) {
    writes.run(h -> start(h, ticketId, sessionId, access, agentId, at, actor));
  }

  /**
   * Records that the customer accepted and relaying started, in one write: the two always come
   * together, so a session's setup costs one write less.
   *
   * @param access the access granted, the detail of both timeline entries
   * @param actor the agent who asked for consent, who opened the session
   */
  @Override
  public void consentGivenAndStarted(
      long ticketId, String sessionId, String access, long agentId, Instant at, String actor) {
    writes.run(
        h -> {
          addEvent(h, ticketId, sessionId, at, "customer", EventKind.CONSENT_GIVEN, access);
          start(h, ticketId, sessionId, access, agentId, at, actor);
        });
  }

  private static void start(
      Handle h,
      long ticketId,
      String sessionId,
      String access,
      long agentId,
      Instant at,
      String actor) {
    h.createUpdate(
            "UPDATE sessions SET state = 'ACTIVE', access = :access, agent_id = :agent,"
                + " started_at = :at WHERE id = :id")
        .bind("access", access)
        .bind("agent", agentId)
        .bind("at", utc(at))
        .bind("id", sessionId)
        .execute();
    // The customer accepted: that is contact, so a P19 wait ends; the opener takes an
    // unassigned case. A closed case stays closed (P20).
    h.createUpdate(
            "UPDATE tickets SET state = CASE WHEN state IN ('NEW', 'WAITING_ON_CUSTOMER')"
                + " THEN 'IN_PROGRESS' ELSE state END, updated_at = :at,"
                + " assignee = COALESCE(assignee, :actor), waiting_since = NULL,"
                + " contact_attempts = 0, reminded_at = NULL, version = version + 1"
                + " WHERE id = :t AND state <> 'CLOSED'")
        .bind("at", utc(at))
        .bind("actor", actor)
        .bind("t", ticketId)
        .execute();
    addEvent(h, ticketId, sessionId, at, actor, EventKind.SESSION_STARTED, access);
  }

  /** Records an escalation to specialists (P15) and moves the ticket to ESCALATED. */
  @Override
  public void escalated(long ticketId, String sessionId, Instant at, String actor, String detail) {
    writes.run(
        h -> {
          h.createUpdate(
                  "UPDATE tickets SET state = 'ESCALATED', updated_at = :at,"
                      + " version = version + 1 WHERE id = :t AND state <> 'CLOSED'")
              .bind("at", utc(at))
              .bind("t", ticketId)
              .execute();
          addEvent(h, ticketId, sessionId, at, actor, EventKind.ESCALATED, detail);
        });
  }

  /** Records a participant joining. */
  @Override
  public void joined(
      long ticketId,
      String sessionId,
      String participant,
      String displayName,
      String role,
      Instant at) {
    writes.run(
        h -> {
          h.createUpdate(
                  "INSERT INTO session_participants (session_id, participant, display_name, role,"
                      + " joined_at) VALUES (:s, :p, :d, :r, :at)")
              .bind("s", sessionId)
              .bind("p", participant)
              .bind("d", displayName)
              .bind("r", role)
              .bind("at", utc(at))
              .execute();
          addEvent(h, ticketId, sessionId, at, participant, EventKind.PARTICIPANT_JOINED, role);
        });
  }

  /** Records a participant leaving. */
  @Override
  public void left(long ticketId, String sessionId, String participant, Instant at, String why) {
    writes.run(
        h -> {
          h.createUpdate(
                  "UPDATE session_participants SET left_at = :at"
                      + " WHERE session_id = :s AND participant = :p AND left_at IS NULL")
              .bind("s", sessionId)
              .bind("p", participant)
              .bind("at", utc(at))
              .execute();
          addEvent(h, ticketId, sessionId, at, participant, EventKind.PARTICIPANT_LEFT, why);
        });
  }

  /**
   * Finishes a session: its end reason, refusal (if any), byte counts, open participants, and the
   * timeline entry, in one transaction. Does nothing to a session already finished.
   */
  @Override
  public void ended(
      long ticketId,
      String sessionId,
      String endReason,
      String refusalReason,
      long bytesToAgent,
      long bytesToCustomer,
      Instant at,
      String actor) {
    writes.run(
        h -> {
          int changed =
              h.createUpdate(
                      "UPDATE sessions SET state = :state, end_reason = :reason,"
                          + " refusal_reason = :refusal, ended_at = :at, bytes_to_agent = :toAgent,"
                          + " bytes_to_customer = :toCustomer WHERE id = :id"
                          + " AND state NOT IN ('ENDED', 'REFUSED')")
                  .bind("state", refusalReason == null ? "ENDED" : "REFUSED")
                  .bind("reason", endReason)
                  .bind("refusal", refusalReason)
                  .bind("at", utc(at))
                  .bind("toAgent", bytesToAgent)
                  .bind("toCustomer", bytesToCustomer)
                  .bind("id", sessionId)
                  .execute();
          if (changed == 0) {
            return;
          }
          h.createUpdate(
                  "UPDATE session_participants SET left_at = :at"
                      + " WHERE session_id = :s AND left_at IS NULL")
              .bind("s", sessionId)
              .bind("at", utc(at))
              .execute();
          h.createUpdate("UPDATE tickets SET updated_at = :at, version = version + 1 WHERE id = :t")
              .bind("at", utc(at))
              .bind("t", ticketId)
              .execute();
          String detail =
              endReason
                  + (refusalReason == null ? "" : " " + refusalReason)
                  + " bytes_to_agent="
                  + bytesToAgent
                  + " bytes_to_customer="
                  + bytesToCustomer;
          addEvent(h, ticketId, sessionId, at, actor, EventKind.SESSION_ENDED, detail);
        });
  }

  /**
   * Saves the byte counts of a live session, so that a crash loses at most the bytes since the last
   * checkpoint.
   */
  @Override
  public void checkpointBytes(String sessionId, long bytesToAgent, long bytesToCustomer) {
    writes.run(
        h ->
            h.createUpdate(
                    "UPDATE sessions SET bytes_to_agent = :a, bytes_to_customer = :c"
                        + " WHERE id = :id AND state = 'ACTIVE'")
                .bind("a", bytesToAgent)
                .bind("c", bytesToCustomer)
                .bind("id", sessionId)
                .execute());
  }

  /**
   * Ends every session a previous run left live (the broker was killed), with the reason given.
   *
   * @return how many sessions were ended
   */
  public int endOrphanedSessions(String endReason, Instant at) {
    return writes.call(
        h -> {
          List<SessionRecord> orphans =
              h.createQuery("SELECT * FROM sessions WHERE state IN (<live>)")
                  .bindList("live", LIVE_STATES)
                  .map((rs, ctx) -> mapSession(rs))
                  .list();
          for (SessionRecord orphan : orphans) {
            h.createUpdate(
                    "UPDATE sessions SET state = 'ENDED', end_reason = :reason, ended_at = :at"
                        + " WHERE id = :id")
                .bind("reason", endReason)
                .bind("at", utc(at))
                .bind("id", orphan.id())
                .execute();
            h.createUpdate(
                    "UPDATE session_participants SET left_at = :at"
                        + " WHERE session_id = :s AND left_at IS NULL")
                .bind("s", orphan.id())
                .bind("at", utc(at))
                .execute();
            addEvent(
                h,
                orphan.ticketId(),
                orphan.id(),
                at,
                "broker",
                EventKind.SESSION_ENDED,
                endReason
                    + " found_live_at_start bytes_to_agent="
                    + orphan.bytesToAgent()
                    + " bytes_to_customer="
                    + orphan.bytesToCustomer());
          }
          return orphans.size();
        });
  }

  /** A session as logged. */
  public Optional<SessionRecord> session(String sessionId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM sessions WHERE id = :id")
                .bind("id", sessionId)
                .map((rs, ctx) -> mapSession(rs))
                .findOne());
  }

  /** Counts sessions in a live state (WAITING, CONSENT or ACTIVE). */
  public int liveSessionCount() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM sessions WHERE state IN (<live>)")
                .bindList("live", LIVE_STATES)
                .mapTo(Integer.class)
                .one());
  }

  /** A ticket's timeline, oldest first. */
  @Override
  public List<TimelineEntry> timeline(long ticketId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM ticket_events WHERE ticket_id = :t ORDER BY id")
                .bind("t", ticketId)
                .map(
                    (rs, ctx) ->
                        new TimelineEntry(
                            rs.getLong("id"),
                            rs.getLong("ticket_id"),
                            rs.getString("session_id"),
                            rs.getObject("at", OffsetDateTime.class).toInstant(),
                            rs.getString("actor"),
                            EventKind.valueOf(rs.getString("kind")),
                            rs.getString("detail")))
                .list());
  }

  static void addEvent(
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

  private static SessionRecord mapSession(java.sql.ResultSet rs) throws java.sql.SQLException {
    OffsetDateTime started = rs.getObject("started_at", OffsetDateTime.class);
    OffsetDateTime ended = rs.getObject("ended_at", OffsetDateTime.class);
    return new SessionRecord(
        rs.getString("id"),
        rs.getLong("ticket_id"),
        rs.getString("state"),
        rs.getString("end_reason"),
        rs.getString("refusal_reason"),
        started == null ? null : started.toInstant(),
        ended == null ? null : ended.toInstant(),
        rs.getLong("bytes_to_agent"),
        rs.getLong("bytes_to_customer"));
  }
}
