package puente.broker.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static puente.broker.ticket.Tickets.mx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.refusal.RefusalException;
import puente.broker.store.AgentStore;
import puente.broker.store.CaseStore;
import puente.broker.store.Database;
import puente.broker.store.TestDatabases;
import puente.broker.store.TicketStore;
import puente.v1.RefusalReason;

/** The case rules through the store, on H2 and on PostgreSQL, with time moved by hand. */
class TicketDeskTest {
  static Stream<Named<TestDatabases.Kind>> kinds() {
    return TestDatabases.kinds();
  }

  /** The stores, desk and sweeper over one fresh database. */
  static final class Floor implements AutoCloseable {
    final Database db;
    final Tickets.HandClock clock = new Tickets.HandClock(mx("2026-11-24T10:00"));
    final TicketLifecycle lifecycle = TicketLifecycle.defaults();
    final TicketStore tickets;
    final CaseStore cases;
    final TicketDesk desk;
    final TicketSweeper sweeper;

    Floor(TestDatabases.Kind kind) {
      db = kind.open();
      tickets = new TicketStore(db, lifecycle);
      cases = new CaseStore(db);
      desk = new TicketDesk(cases, tickets, lifecycle, clock);
      sweeper = new TicketSweeper(cases, lifecycle);
    }

    /** A helper registers from a machine at the clock's time; returns the ticket id. */
    long register(String machine) {
      return tickets.openTicket(
          Tickets.origin(machine), UUID.randomUUID().toString(), clock.instant());
    }

    /** A session admitted under a category, with its priority, on a ticket. */
    String admit(long ticket, String category, int priority, boolean billable) {
      String session = UUID.randomUUID().toString();
      Ticket t = desk.find(ticket);
      long same = tickets.openTicket(t.origin(), session, clock.instant());
      assertThat(same).isEqualTo(ticket);
      tickets.consentRequested(
          ticket,
          session,
          clock.instant(),
          "ana",
          category,
          priority,
          billable,
          "TUNNEL category=" + category);
      return session;
    }

    List<EventKind> kinds(long ticket) {
      return desk.timeline(ticket).stream().map(TimelineEntry::kind).toList();
    }

    @Override
    public void close() {
      db.close();
    }
  }

  static RefusalException refusal(Runnable call) {
    RefusalException e = catchThrowableOfType(RefusalException.class, call::run);
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("P13 a ticket received on Saturday is acknowledged by the sweep at Monday's opening")
  void p13AcknowledgedAtTheNextOpening(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      long inHours = floor.register("m-in");
      assertThat(floor.desk.find(inHours).acknowledged()).isTrue();

      floor.clock.set(mx("2026-11-28T11:00"));
      long weekend = floor.register("m-weekend");
      Ticket received = floor.desk.find(weekend);
      assertThat(received.acknowledged()).isFalse();
      assertThat(received.acknowledgeAt()).isEqualTo(mx("2026-11-30T09:00"));

      assertThat(floor.sweeper.sweep(mx("2026-11-30T08:59"))).isZero();
      assertThat(floor.sweeper.sweep(mx("2026-11-30T09:00"))).isEqualTo(1);
      assertThat(floor.desk.find(weekend).acknowledged()).isTrue();
      assertThat(floor.kinds(weekend))
          .containsExactly(EventKind.TICKET_OPENED, EventKind.ACKNOWLEDGED);
      assertThat(floor.sweeper.sweep(mx("2026-11-30T09:01"))).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("P17 the queue serves by the category's priority, then age")
  void p17QueueByPriorityThenAge(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      long noCategory = floor.register("m-0");
      floor.clock.advance(Duration.ofMinutes(1));
      long behaviour = floor.register("m-1");
      floor.admit(behaviour, "system-behaviour", 3, false);
      floor.clock.advance(Duration.ofMinutes(1));
      long failureOlder = floor.register("m-2");
      floor.admit(failureOlder, "system-failure", 1, false);
      floor.clock.advance(Duration.ofMinutes(1));
      long failureNewer = floor.register("m-3");
      floor.admit(failureNewer, "system-failure", 1, false);
      floor.clock.advance(Duration.ofMinutes(1));
      long betos = floor.register("m-4");
      floor.admit(betos, "system-failure", 1, false);
      floor.desk.apply(betos, new TicketCommand.WaitOnCustomer(null), "beto");
      long closed = floor.register("m-5");
      floor.desk.apply(closed, new TicketCommand.Close(CloseReason.WITHDRAWN, null), "ana");

      assertThat(floor.desk.queue("ana", null, 50))
          .extracting(v -> v.ticket().id())
          .containsExactly(failureOlder, failureNewer, behaviour, noCategory);
      assertThat(floor.desk.queue(null, null, 50))
          .extracting(v -> v.ticket().id())
          .containsExactly(failureOlder, failureNewer, betos, behaviour, noCategory);
      assertThat(floor.desk.queue(null, TicketState.WAITING_ON_CUSTOMER, 50))
          .extracting(v -> v.ticket().id())
          .containsExactly(betos);
      assertThat(floor.desk.queue(null, null, 2)).hasSize(2);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName(
      "P19 silent for 10 business days across a weekend and a holiday, two failed"
          + " attempts: the case closes itself")
  void p19ClosesItselfAfterTenBusinessDays(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      floor.clock.set(mx("2026-11-04T10:00"));
      long id = floor.register("m-1");
      floor.desk.apply(id, new TicketCommand.WaitOnCustomer("falta el respaldo de la base"), "ana");

      // Wednesday 18 would be the tenth day without the rest day of Monday 16 November.
      assertThat(floor.sweeper.sweep(mx("2026-11-18T10:00"))).isZero();
      assertThat(floor.sweeper.sweep(mx("2026-11-19T10:00"))).isEqualTo(1);
      Ticket reminded = floor.desk.find(id);
      assertThat(reminded.state()).isEqualTo(TicketState.WAITING_ON_CUSTOMER);
      assertThat(reminded.remindedAt()).isEqualTo(mx("2026-11-19T10:00"));

      floor.clock.set(mx("2026-11-19T11:00"));
      floor.desk.apply(id, new TicketCommand.LogContact(ContactOutcome.NO_ANSWER, "buzón"), "ana");
      assertThat(floor.sweeper.sweep(mx("2026-11-19T12:00"))).isZero();
      floor.clock.set(mx("2026-11-20T11:00"));
      floor.desk.apply(
          id, new TicketCommand.LogContact(ContactOutcome.NO_ANSWER, "no contesta"), "ana");
      assertThat(floor.sweeper.sweep(mx("2026-11-20T11:00:30"))).isEqualTo(1);

      Ticket closed = floor.desk.find(id);
      assertThat(closed.state()).isEqualTo(TicketState.CLOSED);
      assertThat(closed.closeReason()).isEqualTo(CloseReason.NO_RESPONSE);
      assertThat(closed.closedAt()).isEqualTo(mx("2026-11-20T11:00:30"));
      List<TimelineEntry> timeline = floor.desk.timeline(id);
      assertThat(timeline)
          .extracting(TimelineEntry::kind)
          .containsExactly(
              EventKind.TICKET_OPENED,
              EventKind.WAITING_ON_CUSTOMER,
              EventKind.CONTACT_REMINDER,
              EventKind.CONTACT_ATTEMPT,
              EventKind.CONTACT_ATTEMPT,
              EventKind.CLOSED);
      assertThat(timeline)
          .extracting(TimelineEntry::actor)
          .containsExactly("customer", "ana", "broker", "ana", "ana", "broker");
      assertThat(timeline).extracting(TimelineEntry::at).isSorted();
      assertThat(timeline.get(5).detail()).contains("NO_RESPONSE");
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName(
      "P21 a helper registering again for an open case is attached to it; P19 that is"
          + " contact and stops the clock")
  void p21SecondRegistrationAttachesToTheOpenCase(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      long first = floor.register("m-1");
      floor.desk.apply(first, new TicketCommand.WaitOnCustomer(null), "ana");
      floor.clock.advance(Duration.ofHours(2));
      assertThat(floor.register("m-1")).isEqualTo(first);
      Ticket attached = floor.desk.find(first);
      assertThat(attached.state()).isEqualTo(TicketState.IN_PROGRESS);
      assertThat(attached.waitingSince()).isNull();
      assertThat(floor.kinds(first))
          .containsSubsequence(EventKind.HELPER_ATTACHED, EventKind.CUSTOMER_CONTACT);
      assertThat(floor.register("m-2")).isNotEqualTo(first);

      floor.desk.apply(
          first, new TicketCommand.Close(CloseReason.SOLVED_BY_AGREEMENT, null), "ana");
      assertThat(floor.register("m-1")).isNotEqualTo(first);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("P21 marking a duplicate closes it with a link, and the original shows the link")
  void p21DuplicateClosesWithALinkBothWays(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      long original = floor.register("m-1");
      long duplicate = floor.register("m-2");
      long other = floor.register("m-3");
      Ticket closed = floor.desk.markDuplicate(duplicate, original, "ana");
      assertThat(closed.closeReason()).isEqualTo(CloseReason.DUPLICATE);
      assertThat(closed.duplicateOf()).isEqualTo(original);
      assertThat(floor.desk.timeline(original))
          .last()
          .satisfies(e -> assertThat(e.kind()).isEqualTo(EventKind.DUPLICATE_LINKED))
          .satisfies(e -> assertThat(e.detail()).isEqualTo("duplicate=" + duplicate));

      assertThat(refusal(() -> floor.desk.markDuplicate(other, duplicate, "ana")).reason())
          .isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
      assertThat(refusal(() -> floor.desk.markDuplicate(other, 999_999, "ana")).reason())
          .isEqualTo(RefusalReason.TICKET_NOT_FOUND);
      assertThat(floor.desk.find(other).state()).isEqualTo(TicketState.NEW);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("P20 a reopen attempt is refused and recorded; asking again opens a linked case")
  void p20ReopenRefusedAndFollowUpLinked(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      long old = floor.register("m-1");
      floor.admit(old, "installation", 2, false);
      floor.desk.apply(
          old, new TicketCommand.Close(CloseReason.SOLVED_BY_AGREEMENT, "quedó"), "ana");
      RefusalException refused =
          refusal(() -> floor.desk.apply(old, new TicketCommand.WaitOnCustomer(null), "ana"));
      assertThat(refused.reason()).isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
      assertThat(floor.kinds(old)).last().isEqualTo(EventKind.CHANGE_REFUSED);

      floor.clock.advance(Duration.ofDays(1));
      Ticket followUp = floor.desk.openFollowUp(old, "ana", "ahora pregunta por la nómina");
      assertThat(followUp.id()).isNotEqualTo(old);
      assertThat(followUp.follows()).isEqualTo(old);
      assertThat(followUp.state()).isEqualTo(TicketState.NEW);
      assertThat(followUp.category()).isEqualTo("installation");
      assertThat(followUp.assignee()).isEqualTo("ana");
      assertThat(floor.desk.find(old).state()).isEqualTo(TicketState.CLOSED);
      assertThat(floor.desk.timeline(old))
          .last()
          .satisfies(e -> assertThat(e.kind()).isEqualTo(EventKind.FOLLOW_UP_OPENED))
          .satisfies(e -> assertThat(e.detail()).isEqualTo("ticket=" + followUp.id()));
      assertThat(refusal(() -> floor.desk.openFollowUp(followUp.id(), "ana", null)).reason())
          .isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("P16 P23 P24 the clocks and hand-offs survive the round trip through the database")
  void p16p23p24StoredFaithfully(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      floor.clock.set(mx("2026-11-25T10:00"));
      long id = floor.register("m-1");
      floor.admit(id, "import-request", 4, false);
      floor.clock.set(mx("2026-11-26T13:30"));
      floor.desk.apply(id, new TicketCommand.InformationComplete("llegó el catálogo"), "ana");
      assertThat(floor.desk.find(id).dueAt()).isEqualTo(mx("2026-12-04T13:30"));
      floor.clock.set(mx("2026-11-30T10:00"));
      floor.desk.apply(
          id, new TicketCommand.HandToThirdParty("Proveedor de timbrado", null), "ana");
      assertThat(floor.desk.view(floor.desk.find(id)).dueStatus()).isEqualTo(DueStatus.PAUSED);
      floor.clock.set(mx("2026-12-09T10:00"));
      floor.desk.apply(id, new TicketCommand.ThirdPartyDelivered(null), "ana");
      floor.desk.apply(
          id, new TicketCommand.HandToDevelopment(true, "2027.1", "paso a paso"), "ana");

      Ticket t = floor.desk.find(id);
      assertThat(t.state()).isEqualTo(TicketState.WAITING_ON_DEVELOPMENT);
      assertThat(t.informationCompleteAt()).isEqualTo(mx("2026-11-26T13:30"));
      assertThat(t.dueAt()).isEqualTo(mx("2026-12-15T13:30"));
      assertThat(t.pausedAt()).isNull();
      assertThat(t.thirdParty()).isEqualTo("Proveedor de timbrado");
      assertThat(t.thirdPartyDeliveredAt()).isEqualTo(mx("2026-12-09T10:00"));
      assertThat(t.reproduced()).isTrue();
      assertThat(t.promisedRelease()).isEqualTo("2027.1");
      assertThat(t.priority()).isEqualTo(4);
      // Attached by the admitted session's registration, admitted, then four changes.
      assertThat(t.version()).isEqualTo(6);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("P8 billable time is the real duration of the advisory sessions only")
  void p8BillableTimeFromRealSessionDurations(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      Agent ana =
          new AgentStore(floor.db).add("ana", "Ana López", Role.AGENT, "x", floor.clock.instant());
      long id = floor.register("m-1");
      String advisory = floor.admit(id, "accounting-tax", 5, true);
      Instant start = floor.clock.instant();
      floor.tickets.started(id, advisory, "VIEW", ana.id(), start, "ana");
      floor.tickets.ended(
          id,
          advisory,
          "ENDED_BY_AGENT",
          null,
          0,
          0,
          start.plus(Duration.ofMinutes(25)).plusSeconds(30),
          "ana");
      String support = floor.admit(id, "installation", 2, false);
      floor.tickets.started(id, support, "VIEW", ana.id(), start.plusSeconds(3600), "ana");
      floor.tickets.ended(
          id, support, "ENDED_BY_AGENT", null, 0, 0, start.plusSeconds(7200), "ana");

      TicketView view = floor.desk.view(floor.desk.find(id));
      assertThat(view.billable()).isEqualTo(Duration.ofMinutes(25).plusSeconds(30));
      assertThat(view.ticket().assignee()).isEqualTo("ana");
      assertThat(view.ticket().state()).isEqualTo(TicketState.IN_PROGRESS);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("concurrent updates of one ticket by two agents never lose an update")
  void concurrentUpdatesAreAllKept(TestDatabases.Kind kind) throws Exception {
    try (Floor floor = new Floor(kind)) {
      long id = floor.register("m-1");
      int notesEach = 25;
      ExecutorService agents = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      try {
        List<Future<Boolean>> work = new ArrayList<>();
        for (String agent : List.of("ana", "beto")) {
          work.add(
              agents.submit(
                  () -> {
                    go.await();
                    for (int i = 0; i < notesEach; i++) {
                      floor.desk.apply(id, new TicketCommand.AddNote(agent + " " + i), agent);
                    }
                    try {
                      floor.desk.apply(
                          id,
                          new TicketCommand.Close(
                              CloseReason.SOLVED_BY_AGREEMENT, "cerrado por " + agent),
                          agent);
                      return true;
                    } catch (RefusalException e) {
                      assertThat(e.reason()).isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
                      return false;
                    }
                  }));
        }
        go.countDown();
        int closes = 0;
        for (Future<Boolean> f : work) {
          closes += f.get() ? 1 : 0;
        }
        assertThat(closes).as("exactly one close wins").isEqualTo(1);
      } finally {
        agents.shutdownNow();
      }
      Ticket t = floor.desk.find(id);
      assertThat(t.state()).isEqualTo(TicketState.CLOSED);
      assertThat(t.version()).isEqualTo(2L * notesEach + 1);
      List<EventKind> kinds = floor.kinds(id);
      assertThat(kinds.stream().filter(k -> k == EventKind.NOTE)).hasSize(2 * notesEach);
      assertThat(kinds.stream().filter(k -> k == EventKind.CLOSED)).hasSize(1);
      assertThat(kinds.stream().filter(k -> k == EventKind.CHANGE_REFUSED)).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("P15 P19 P20 a session's start and escalation are decided on the case as stored now")
  void sessionWritesAreDecidedOnTheStoredCase(TestDatabases.Kind kind) {
    try (Floor floor = new Floor(kind)) {
      Agent ana =
          new AgentStore(floor.db).add("ana", "Ana", Role.AGENT, "x", floor.clock.instant());
      long id = floor.register("m-1");
      floor.desk.apply(id, new TicketCommand.WaitOnCustomer("falta la bitácora"), "beto");
      floor.desk.apply(id, new TicketCommand.LogContact(ContactOutcome.NO_ANSWER, null), "beto");
      String session = floor.admit(id, "installation", 2, false);
      Instant at = floor.clock.instant().plusSeconds(60);
      floor.tickets.consentGivenAndStarted(id, session, "TUNNEL", ana.id(), at, "ana");
      Ticket started = floor.desk.find(id);
      assertThat(started.state()).isEqualTo(TicketState.IN_PROGRESS);
      assertThat(started.assignee()).isEqualTo("beto");
      assertThat(started.waitingSince()).isNull();
      assertThat(started.contactAttempts()).isZero();
      assertThat(started.category()).isEqualTo("installation");
      assertThat(started.updatedAt()).isEqualTo(at);

      floor.tickets.escalated(id, session, at.plusSeconds(1), "ana", "queue");
      assertThat(floor.desk.find(id).state()).isEqualTo(TicketState.ESCALATED);
      floor.desk.apply(
          id, new TicketCommand.Close(CloseReason.SOLVED_BY_AGREEMENT, "resuelto"), "beto");
      Ticket closed = floor.desk.find(id);
      floor.tickets.consentRequested(id, session, at, "ana", "import-request", 1, false, "VIEW");
      floor.tickets.started(id, session, "VIEW", ana.id(), at.plusSeconds(2), "ana");
      floor.tickets.escalated(id, session, at.plusSeconds(3), "ana", "queue");
      assertThat(floor.desk.find(id)).isEqualTo(closed);
      assertThat(floor.kinds(id))
          .endsWith(
              EventKind.CLOSED,
              EventKind.CONSENT_REQUESTED,
              EventKind.SESSION_STARTED,
              EventKind.ESCALATED);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  @DisplayName("escalations through the session writer and agents' notes on one case all land")
  void sessionWritesAndAgentsChangesOnOneCaseAllLand(TestDatabases.Kind kind) throws Exception {
    try (Floor floor = new Floor(kind)) {
      long id = floor.register("m-1");
      String session = UUID.randomUUID().toString();
      int each = 25;
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      try {
        Future<?> notes =
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < each; i++) {
                    floor.desk.apply(id, new TicketCommand.AddNote("nota " + i), "beto");
                  }
                  return null;
                });
        Future<?> escalations =
            pool.submit(
                () -> {
                  go.await();
                  // Each at its own instant, so that each one changes the stored case.
                  Instant from = floor.clock.instant();
                  for (int i = 0; i < each; i++) {
                    floor.tickets.escalated(id, session, from.plusMillis(i + 1), "ana", "n=" + i);
                  }
                  return null;
                });
        go.countDown();
        notes.get();
        escalations.get();
      } finally {
        pool.shutdownNow();
      }
      Ticket t = floor.desk.find(id);
      assertThat(t.state()).isEqualTo(TicketState.ESCALATED);
      assertThat(t.version()).isEqualTo(2L * each);
      List<EventKind> kinds = floor.kinds(id);
      assertThat(kinds.stream().filter(k -> k == EventKind.NOTE)).hasSize(each);
      assertThat(kinds.stream().filter(k -> k == EventKind.ESCALATED)).hasSize(each);
    }
  }
}
