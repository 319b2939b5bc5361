package puente.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.policy.Licence;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.NewTicket;
import puente.broker.ticket.SessionRecord;
import puente.broker.ticket.TimelineEntry;

/** The stores, on H2 and on PostgreSQL with the same schema and code. */
class TicketStoreTest {
  static final Instant T0 = Instant.parse("2026-11-24T16:00:00Z");

  static java.util.stream.Stream<org.junit.jupiter.api.Named<TestDatabases.Kind>> kinds() {
    return TestDatabases.kinds();
  }

  static NewTicket ticket() {
    return ticket("m-1");
  }

  /** A registration from another machine: its own case, not attached to m-1's (P21). */
  static NewTicket ticket(String machine) {
    return new NewTicket(
        "LIC-1", "Contadores Rivera SC", "contabilidad", "2026.2", machine, "CAJA-01");
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aSessionsWholeLifeLandsOnTheTimelineInOrder(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      TicketStore tickets = new TicketStore(db);
      Agent ana = new AgentStore(db).add("ana", "Ana López", Role.AGENT, "x", T0);
      String session = UUID.randomUUID().toString();
      long ticket = tickets.openTicket(ticket(), session, T0);
      tickets.transition(
          ticket,
          session,
          "CONSENT",
          T0.plusSeconds(1),
          "ana",
          EventKind.CONSENT_REQUESTED,
          "TUNNEL");
      tickets.record(
          ticket, session, T0.plusSeconds(2), "customer", EventKind.CONSENT_GIVEN, "TUNNEL");
      tickets.started(ticket, session, "TUNNEL", ana.id(), T0.plusSeconds(2), "ana");
      tickets.joined(ticket, session, "ana", "Ana López", "agent", T0.plusSeconds(3));
      tickets.checkpointBytes(session, 10, 20, T0.plusSeconds(30));
      tickets.ended(ticket, session, "ENDED_BY_AGENT", null, 100, 200, T0.plusSeconds(60), "ana");
      // A second end (e.g. the peer's cancel racing the agent's end) changes nothing.
      tickets.ended(ticket, session, "AGENT_VANISHED", null, 1, 1, T0.plusSeconds(61), "broker");

      SessionRecord record = tickets.session(session).orElseThrow();
      assertThat(record.state()).isEqualTo("ENDED");
      assertThat(record.endReason()).isEqualTo("ENDED_BY_AGENT");
      assertThat(record.bytesToAgent()).isEqualTo(100);
      assertThat(record.bytesToCustomer()).isEqualTo(200);
      assertThat(record.startedAt()).isEqualTo(T0.plusSeconds(2));
      assertThat(record.endedAt()).isEqualTo(T0.plusSeconds(60));
      List<TimelineEntry> timeline = tickets.timeline(ticket);
      assertThat(timeline)
          .extracting(TimelineEntry::kind)
          .containsExactly(
              EventKind.TICKET_OPENED,
              EventKind.CONSENT_REQUESTED,
              EventKind.CONSENT_GIVEN,
              EventKind.SESSION_STARTED,
              EventKind.PARTICIPANT_JOINED,
              EventKind.SESSION_ENDED);
      assertThat(timeline).extracting(TimelineEntry::at).isSorted();
      assertThat(timeline.get(5).detail())
          .isEqualTo("ENDED_BY_AGENT bytes_to_agent=100 bytes_to_customer=200");
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void startUpEndsEverySessionAPreviousRunLeftLive(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      TicketStore tickets = new TicketStore(db);
      Agent ana = new AgentStore(db).add("ana", "Ana López", Role.AGENT, "x", T0);
      String waiting = UUID.randomUUID().toString();
      String active = UUID.randomUUID().toString();
      String done = UUID.randomUUID().toString();
      tickets.openTicket(ticket(), waiting, T0);
      long activeTicket = tickets.openTicket(ticket("m-2"), active, T0);
      tickets.started(activeTicket, active, "TUNNEL", ana.id(), T0, "ana");
      tickets.joined(activeTicket, active, "ana", "Ana López", "agent", T0);
      tickets.checkpointBytes(active, 5, 7, T0.plusSeconds(40));
      long doneTicket = tickets.openTicket(ticket("m-3"), done, T0);
      tickets.ended(doneTicket, done, "ENDED_BY_CUSTOMER", null, 0, 0, T0, "customer");

      assertThat(tickets.liveSessionCount()).isEqualTo(2);
      assertThat(tickets.endOrphanedSessions("BROKER_STOPPED")).isEqualTo(2);
      assertThat(tickets.liveSessionCount()).isZero();
      assertThat(tickets.session(active).orElseThrow().endReason()).isEqualTo("BROKER_STOPPED");
      // P8: ended where it was last known alive, not when the next run found it.
      assertThat(tickets.session(active).orElseThrow().endedAt()).isEqualTo(T0.plusSeconds(40));
      assertThat(tickets.session(waiting).orElseThrow().endedAt()).isEqualTo(T0);
      assertThat(tickets.session(done).orElseThrow().endReason()).isEqualTo("ENDED_BY_CUSTOMER");
      assertThat(
              tickets
                  .timeline(activeTicket)
                  .get(tickets.timeline(activeTicket).size() - 1)
                  .detail())
          .isEqualTo("BROKER_STOPPED found_live_at_start bytes_to_agent=5 bytes_to_customer=7");
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void refusalsAreRecordedWithTheirReasonCode(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      TicketStore tickets = new TicketStore(db);
      String session = UUID.randomUUID().toString();
      long ticket = tickets.openTicket(ticket(), session, T0);
      tickets.record(ticket, session, T0, "broker", EventKind.REFUSED, "LICENCE_UNKNOWN");
      tickets.ended(ticket, session, "REFUSED", "LICENCE_UNKNOWN", 0, 0, T0, "broker");
      SessionRecord record = tickets.session(session).orElseThrow();
      assertThat(record.state()).isEqualTo("REFUSED");
      assertThat(record.refusalReason()).isEqualTo("LICENCE_UNKNOWN");
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void concurrentWritesToOneTicketAreAllKept(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      TicketStore tickets = new TicketStore(db);
      String session = UUID.randomUUID().toString();
      long ticket = tickets.openTicket(ticket(), session, T0);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          int n = i;
          writes.add(
              pool.submit(
                  () ->
                      tickets.record(
                          ticket,
                          session,
                          T0.plusMillis(n),
                          "agent" + (n % 4),
                          EventKind.PARTICIPANT_JOINED,
                          "n=" + n)));
        }
        for (Future<?> write : writes) {
          write.get();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(tickets.timeline(ticket)).hasSize(201);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void manySessionsAtOnceEachLandWholeAndInOrder(TestDatabases.Kind kind) throws Exception {
    int threads = 16;
    int sessionsEach = 15;
    try (Database db = kind.open()) {
      TicketStore tickets = new TicketStore(db);
      Agent ana = new AgentStore(db).add("ana", "Ana López", Role.AGENT, "x", T0);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<String>>> lives = new java.util.ArrayList<>();
      try {
        for (int t = 0; t < threads * sessionsEach; t++) {
          String machine = "m-" + t;
          lives.add(pool.submit(() -> wholeSession(tickets, ana, machine)));
        }
        for (Future<List<String>> life : lives) {
          String session = life.get().get(0);
          long ticket = Long.parseLong(life.get().get(1));
          assertThat(tickets.session(session).orElseThrow().state()).isEqualTo("ENDED");
          assertThat(tickets.timeline(ticket))
              .extracting(TimelineEntry::kind)
              .containsExactly(
                  EventKind.TICKET_OPENED,
                  EventKind.CONSENT_REQUESTED,
                  EventKind.CONSENT_GIVEN,
                  EventKind.SESSION_STARTED,
                  EventKind.PARTICIPANT_JOINED,
                  EventKind.SESSION_ENDED);
        }
      } finally {
        pool.shutdown();
      }
      assertThat(tickets.liveSessionCount()).isZero();
    }
  }

  /** The ticket writes of one session, as the broker makes them; returns its id and ticket. */
  private static List<String> wholeSession(TicketStore tickets, Agent ana, String machine) {
    String session = UUID.randomUUID().toString();
    long ticket = tickets.openTicket(ticket(machine), session, T0);
    tickets.consentRequested(ticket, session, T0, "ana", "installation", 2, false, "TUNNEL");
    tickets.consentGivenAndStarted(ticket, session, "TUNNEL", ana.id(), T0, "ana");
    tickets.joined(ticket, session, "ana", "Ana López", "agent", T0);
    tickets.ended(ticket, session, "ENDED_BY_AGENT", null, 1, 2, T0, "ana");
    return List.of(session, Long.toString(ticket));
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void registrationsOfOneMachineAtOnceShareOneTicket(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      TicketStore tickets = new TicketStore(db);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Long>> opened = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 24; i++) {
          opened.add(
              pool.submit(() -> tickets.openTicket(ticket(), UUID.randomUUID().toString(), T0)));
        }
        java.util.Set<Long> ids = new java.util.HashSet<>();
        for (Future<Long> id : opened) {
          ids.add(id.get());
        }
        // P21: the same case is not opened twice.
        assertThat(ids).hasSize(1);
        assertThat(tickets.timeline(ids.iterator().next()))
            .extracting(TimelineEntry::kind)
            .containsOnlyOnce(EventKind.TICKET_OPENED)
            .filteredOn(kind2 -> kind2 == EventKind.HELPER_ATTACHED)
            .hasSize(23);
      } finally {
        pool.shutdown();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void tokensWorkUntilTheyExpire(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      AgentStore agents = new AgentStore(db);
      Agent ana = agents.add("ana", "Ana López", Role.SPECIALIST, "hash", T0);
      agents.saveToken("a".repeat(64), ana.id(), T0, T0.plusSeconds(3600));
      assertThat(agents.agentForToken("a".repeat(64), T0.plusSeconds(3599)))
          .map(puente.broker.auth.Accounts.TokenOwner::agent)
          .contains(ana);
      assertThat(agents.agentForToken("a".repeat(64), T0.plusSeconds(3600))).isEmpty();
      assertThat(agents.agentForToken("b".repeat(64), T0)).isEmpty();
      assertThat(agents.purgeExpiredTokens(T0.plusSeconds(3600))).isEqualTo(1);
      assertThatThrownBy(() -> agents.add("ana", "Otra", Role.AGENT, "hash", T0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already taken");
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void licencesAreReadFreshWithTheirUpdatesAndImportedAllOrNothing(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      LicenceStore licences = new LicenceStore(db);
      Licence bought =
          Licence.purchase("LIC-P", "Despacho Sánchez", "contabilidad", LocalDate.of(2024, 2, 29));
      licences.add(bought, T0);
      licences.addUpdate("LIC-P", LocalDate.of(2025, 3, 1));
      assertThat(licences.find("LIC-P").orElseThrow().paidUpdates())
          .containsExactly(LocalDate.of(2025, 3, 1));
      assertThat(licences.find("LIC-NONE")).isEmpty();

      Licence fresh =
          Licence.rental(
              "LIC-R", "Nuevo", "nomina", LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1));
      assertThatThrownBy(() -> licences.addAll(List.of(fresh, bought), T0))
          .hasMessageContaining("LIC-P already exists");
      assertThat(licences.find("LIC-R")).isEmpty();

      // No update paid: the licence still reads, with none.
      licences.add(fresh, T0);
      assertThat(licences.find("LIC-R").orElseThrow().paidUpdates()).isEmpty();
      assertThat(licences.find("LIC-R").orElseThrow().customerName()).isEqualTo("Nuevo");
      // Several: in date order, whatever the order they were paid in.
      licences.addUpdate("LIC-P", LocalDate.of(2024, 6, 1));
      assertThat(licences.find("LIC-P").orElseThrow().paidUpdates())
          .containsExactly(LocalDate.of(2024, 6, 1), LocalDate.of(2025, 3, 1));
      // A re-issued key (P26) reads no more; the new one carries the terms and updates.
      licences.reissue("LIC-P", "LIC-P2", T0);
      assertThat(licences.find("LIC-P")).isEmpty();
      assertThat(licences.find("LIC-P2").orElseThrow().paidUpdates())
          .containsExactly(LocalDate.of(2024, 6, 1), LocalDate.of(2025, 3, 1));
    }
  }
}
