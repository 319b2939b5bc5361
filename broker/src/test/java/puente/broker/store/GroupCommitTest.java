package puente.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.NewTicket;
import puente.v1.RefusalReason;

/** Writes of many threads share commits, on H2 and on PostgreSQL. */
class GroupCommitTest {
  static final Instant T0 = Instant.parse("2026-11-24T16:00:00Z");

  static java.util.stream.Stream<org.junit.jupiter.api.Named<TestDatabases.Kind>> kinds() {
    return TestDatabases.kinds();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void writesThatWaitTogetherShareOneTransaction(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      long ticket = newTicket(db);
      try (HeldWriter held = new HeldWriter(db.ticketWrites())) {
        List<Future<Handle>> handles = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          String detail = "n" + i;
          handles.add(
              held.hand(
                  () ->
                      db.ticketWrites()
                          .call(
                              h -> {
                                note(h, ticket, detail);
                                return h;
                              })));
        }
        held.awaitWaiting(5);
        held.release();

        Handle first = handles.get(0).get(10, TimeUnit.SECONDS);
        for (Future<Handle> handle : handles) {
          assertThat(handle.get(10, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(details(db, ticket))
            .containsExactlyInAnyOrder("opened", "n0", "n1", "n2", "n3", "n4");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aFailingWriteIsUndoneAndTheOthersInItsBatchAreCommitted(TestDatabases.Kind kind)
      throws Exception {
    try (Database db = kind.open()) {
      long ticket = newTicket(db);
      try (HeldWriter held = new HeldWriter(db.ticketWrites())) {
        Future<?> before = held.hand(() -> db.ticketWrites().run(h -> note(h, ticket, "before")));
        held.awaitWaiting(1);
        Future<?> failing =
            held.hand(
                () ->
                    db.ticketWrites()
                        .run(
                            h -> {
                              note(h, ticket, "half of a failed write");
                              note(h, 999_999, "no such ticket: refused by the foreign key");
                            }));
        held.awaitWaiting(2);
        Future<?> after = held.hand(() -> db.ticketWrites().run(h -> note(h, ticket, "after")));
        held.awaitWaiting(3);
        held.release();

        before.get(10, TimeUnit.SECONDS);
        after.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS))
            .hasRootCauseInstanceOf(java.sql.SQLException.class);
        assertThat(details(db, ticket)).containsExactly("opened", "before", "after");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void writesAreAppliedInTheOrderTheyWereHandedIn(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      long ticket = newTicket(db);
      try (HeldWriter held = new HeldWriter(db.ticketWrites())) {
        List<Future<?>> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String detail = "step " + i;
          writes.add(held.hand(() -> db.ticketWrites().run(h -> note(h, ticket, detail))));
          held.awaitWaiting(i + 1);
        }
        held.release();
        for (Future<?> write : writes) {
          write.get(10, TimeUnit.SECONDS);
        }

        assertThat(details(db, ticket))
            .containsExactly(
                "opened", "step 0", "step 1", "step 2", "step 3", "step 4", "step 5", "step 6",
                "step 7");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void everyWriteOfManyThreadsIsCommittedBeforeItsCallerGoesOn(TestDatabases.Kind kind)
      throws Exception {
    int threads = 16;
    int writesEach = 40;
    try (Database db = kind.open()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Long>> tickets = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          tickets.add(
              pool.submit(
                  () -> {
                    long ticket = newTicket(db);
                    for (int i = 0; i < writesEach; i++) {
                      String detail = Integer.toString(i);
                      db.ticketWrites().run(h -> note(h, ticket, detail));
                      // Committed: another connection sees it before the next write is made.
                      assertThat(details(db, ticket)).hasSize(i + 2).endsWith(detail);
                    }
                    return ticket;
                  }));
        }
        for (Future<Long> ticket : tickets) {
          List<String> expected = new ArrayList<>(List.of("opened"));
          for (int i = 0; i < writesEach; i++) {
            expected.add(Integer.toString(i));
          }
          assertThat(details(db, ticket.get(60, TimeUnit.SECONDS))).isEqualTo(expected);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void closingCommitsWhatWasHandedInAndRefusesMore(TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      long ticket = newTicket(db);
      GroupCommit writes = db.ticketWrites();
      Future<?> queued;
      try (HeldWriter held = new HeldWriter(writes)) {
        queued = held.hand(() -> writes.run(h -> note(h, ticket, "queued")));
        held.awaitWaiting(1);
        held.releaseAfter(Duration.ofMillis(200));
        writes.close();
      }

      queued.get(10, TimeUnit.SECONDS);
      assertThat(details(db, ticket)).containsExactly("opened", "queued");
      assertThatThrownBy(() -> writes.run(h -> note(h, ticket, "late")))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aHungDatabaseAnswersWithinTheDeadlineAndTheHistoryWrittenMeanwhileLandsLater(
      TestDatabases.Kind kind) throws Exception {
    try (Database db = kind.open()) {
      long ticket = newTicket(db);
      GroupCommit writes = new GroupCommit(db.jdbi(), "hung-writer", Duration.ofMillis(300));
      CountDownLatch hung = new CountDownLatch(1);
      CountDownLatch answers = new CountDownLatch(1);
      ExecutorService caller = Executors.newSingleThreadExecutor();
      try {
        // The writer is stuck inside a statement, as it is when the database stops answering.
        Future<?> stuck =
            caller.submit(
                () ->
                    writes.run(
                        h -> {
                          hung.countDown();
                          awaitQuietly(answers);
                        }));
        assertThat(hung.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> writes.run(h -> note(h, ticket, "written meanwhile")))
            .isInstanceOfSatisfying(
                RefusalException.class,
                e -> assertThat(e.reason()).isEqualTo(RefusalReason.UNAVAILABLE));
        assertThatThrownBy(
                () ->
                    writes.callWhileWaited(
                        h -> {
                          note(h, ticket, "only worth it while waited for");
                          return 1;
                        }))
            .isInstanceOf(RefusalException.class);
        assertThat(details(db, ticket)).containsExactly("opened");

        answers.countDown();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> details(db, ticket).contains("written meanwhile"));
        assertThat(details(db, ticket)).containsExactly("opened", "written meanwhile");
        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(RefusalException.class);
      } finally {
        answers.countDown();
        writes.close();
        caller.shutdownNow();
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long newTicket(Database db) {
    String machine = UUID.randomUUID().toString();
    return new TicketStore(db)
        .openTicket(
            new NewTicket("LIC-1", "Rivera", "contabilidad", "2026.2", machine, "CAJA-01"),
            UUID.randomUUID().toString(),
            T0);
  }

  private static void note(Handle h, long ticket, String detail) {
    TimelineRows.add(h, ticket, null, T0, "ana", EventKind.NOTE, detail);
  }

  /** The ticket's timeline details, the opening entry as "opened". */
  private static List<String> details(Database db, long ticket) {
    return new TicketStore(db)
        .timeline(ticket).stream()
            .map(e -> e.kind() == EventKind.TICKET_OPENED ? "opened" : e.detail())
            .toList();
  }

  /**
   * Keeps the writer busy with a write that waits for {@link #release}, so that the writes handed
   * in meanwhile queue up and are written together.
   */
  private static final class HeldWriter implements AutoCloseable {
    private final GroupCommit writes;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final Future<?> holding;

    HeldWriter(GroupCommit writes) {
      this.writes = writes;
      CountDownLatch holdingWriter = new CountDownLatch(1);
      this.holding =
          callers.submit(
              () ->
                  writes.run(
                      h -> {
                        holdingWriter.countDown();
                        awaitGate();
                      }));
      try {
        assertThat(holdingWriter.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    <T> Future<T> hand(java.util.concurrent.Callable<T> write) {
      return callers.submit(write);
    }

    Future<?> hand(Runnable write) {
      return callers.submit(write);
    }

    void awaitWaiting(int count) {
      await().atMost(Duration.ofSeconds(10)).until(() -> writes.waiting() >= count);
    }

    void release() {
      gate.countDown();
    }

    void releaseAfter(Duration delay) {
      callers.submit(
          () -> {
            Thread.sleep(delay.toMillis());
            gate.countDown();
            return null;
          });
    }

    private void awaitGate() {
      try {
        assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() throws Exception {
      gate.countDown();
      holding.get(30, TimeUnit.SECONDS);
      callers.shutdownNow();
    }
  }
}
