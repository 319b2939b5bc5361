package puente.broker.store;

import static puente.broker.store.AgentStore.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import puente.broker.ticket.Change;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.NewTicket;
import puente.broker.ticket.SessionRecord;
import puente.broker.ticket.SessionState;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketLifecycle;
import puente.broker.ticket.TicketLog;
import puente.broker.ticket.TimelineEntry;

/**
 * Tickets, the sessions logged on them and their timelines. Every state change of a session is
 * written together with its timeline entry, all or nothing, so the two never disagree. The writes
 * of many sessions share a commit ({@link GroupCommit}); each method returns once its own write is
 * committed.
 *
 * <p>What a session does to its case is decided by the {@link TicketLifecycle} on the ticket as it
 * is in the same transaction (its row locked until the commit); the store writes what was decided.
 */
public final class TicketStore implements TicketLog {

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
   * @param lifecycle the case rules applied as sessions go through their life (P13, P15, P17, P19,
   *     P20, P21)
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
          writes.callWhileWaited(
              h -> {
                Optional<Ticket> open =
                    h.createQuery(
                            "SELECT * FROM tickets WHERE licence_key = :key"
                                + " AND machine_id = :machine AND state IN (<open>)"
                                + " ORDER BY id DESC LIMIT 1")
                        .bindList("open", TicketRows.OPEN)
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
                  SessionRows.insert(h, id, sessionId, at);
                  for (Change.Event event : attached.events()) {
                    TimelineRows.add(
                        h, id, sessionId, at, "customer", event.kind(), event.detail());
                  }
                } else {
                  id =
                      TicketRows.insert(
                          h, ticket, at, lifecycle.acknowledgeAt(at), null, null, null, null);
                  SessionRows.insert(h, id, sessionId, at);
                  TimelineRows.add(
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
                  "UPDATE sessions SET state = :state, billable = :billable"
                      + " WHERE id = :id AND state IN (<live>)")
              .bind("state", SessionState.CONSENT.name())
              .bindList("live", SessionRows.LIVE)
              .bind("billable", billable)
              .bind("id", sessionId)
              .execute();
          decide(
              h,
              ticketId,
              sessionId,
              at,
              actor,
              t -> lifecycle.consentRequested(t, category, priority, detail, at));
        });
  }

  /** Appends a timeline entry that changes no state. */
  @Override
  public void record(
      long ticketId, String sessionId, Instant at, String actor, EventKind kind, String detail) {
    writes.run(h -> TimelineRows.add(h, ticketId, sessionId, at, actor, kind, detail));
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
          h.createUpdate("UPDATE sessions SET state = :state WHERE id = :id AND state IN (<live>)")
              .bind("state", state)
              .bindList("live", SessionRows.LIVE)
              .bind("id", sessionId)
              .execute();
          TimelineRows.add(h, ticketId, sessionId, at, actor, kind, detail);
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
          TimelineRows.add(h, ticketId, sessionId, at, "customer", EventKind.CONSENT_GIVEN, access);
          start(h, ticketId, sessionId, access, agentId, at, actor);
        });
  }

  private void start(
      Handle h,
      long ticketId,
      String sessionId,
      String access,
      long agentId,
      Instant at,
      String actor) {
    h.createUpdate(
            "UPDATE sessions SET state = :state, access = :access, agent_id = :agent,"
                + " started_at = :at WHERE id = :id")
        .bind("state", SessionState.ACTIVE.name())
        .bind("access", access)
        .bind("agent", agentId)
        .bind("at", utc(at))
        .bind("id", sessionId)
        .execute();
    decide(h, ticketId, sessionId, at, actor, t -> lifecycle.sessionStarted(t, actor, access, at));
  }

  /** Records an escalation to specialists and what it does to the case (P15). */
  @Override
  public void escalated(long ticketId, String sessionId, Instant at, String actor, String detail) {
    writes.run(
        h -> decide(h, ticketId, sessionId, at, actor, t -> lifecycle.escalated(t, detail, at)));
  }

  /**
   * Reads the ticket with its row locked until the commit, has the lifecycle decide, and writes
   * what it decided: the columns it changed, then the timeline entries.
   */
  private static void decide(
      Handle h,
      long ticketId,
      String sessionId,
      Instant at,
      String actor,
      Function<Ticket, Change> rule) {
    Ticket current = TicketRows.lock(h, ticketId).orElseThrow(() -> CaseStore.notFound(ticketId));
    Change decided = rule.apply(current);
    if (!TicketRows.saveChanges(h, current, decided.after())) {
      throw new IllegalStateException("ticket " + ticketId + " changed while its row was locked");
    }
    for (Change.Event event : decided.events()) {
      TimelineRows.add(h, ticketId, sessionId, at, actor, event.kind(), event.detail());
    }
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
          TimelineRows.add(
              h, ticketId, sessionId, at, participant, EventKind.PARTICIPANT_JOINED, role);
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
          TimelineRows.add(
              h, ticketId, sessionId, at, participant, EventKind.PARTICIPANT_LEFT, why);
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
          boolean finished =
              SessionRows.finish(
                  h,
                  sessionId,
                  SessionState.endedWith(refusalReason),
                  endReason,
                  refusalReason,
                  at,
                  bytesToAgent,
                  bytesToCustomer);
          if (!finished) {
            return;
          }
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
          TimelineRows.add(h, ticketId, sessionId, at, actor, EventKind.SESSION_ENDED, detail);
        });
  }

  /**
   * Saves the byte counts of a live session, so that a crash loses at most the bytes since the last
   * checkpoint.
   */
  @Override
  public void checkpointBytes(
      String sessionId, long bytesToAgent, long bytesToCustomer, Instant at) {
    writes.run(h -> SessionRows.checkpoint(h, sessionId, bytesToAgent, bytesToCustomer, at));
  }

  /**
   * Ends every session a previous run left live (the broker was killed), with the reason given, at
   * the last moment it was known alive: its last checkpoint, else its start, else its creation;
   * never the restart time, which would bill the downtime (P8).
   *
   * @return how many sessions were ended
   */
  public int endOrphanedSessions(String endReason) {
    return writes.call(
        h -> {
          List<SessionRecord> orphans = SessionRows.live(h);
          for (SessionRecord orphan : orphans) {
            Instant at = SessionRows.endOrphan(h, orphan.id(), endReason);
            TimelineRows.add(
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
    return jdbi.withHandle(h -> SessionRows.find(h, sessionId));
  }

  /** Counts sessions in a live state (WAITING, CONSENT or ACTIVE). */
  public int liveSessionCount() {
    return jdbi.withHandle(SessionRows::liveCount);
  }

  /** A ticket's timeline, oldest first. */
  @Override
  public List<TimelineEntry> timeline(long ticketId) {
    return jdbi.withHandle(h -> TimelineRows.of(h, ticketId));
  }
}
