package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import puente.broker.store.TestDatabases;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AccessKind;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.MachineIdentity;
import puente.v1.RegisterRequest;

/**
 * A PostgreSQL database that stops answering mid-run (another connection holds an exclusive lock on
 * the tickets table): callers are answered UNAVAILABLE within the write deadline instead of piling
 * up, the broker keeps answering other calls, and what was written meanwhile lands once the lock is
 * released.
 */
class HungDatabaseTest {
  private static final int CALLERS = 12;

  private SessionFlowTest flow;
  private ExecutorService callers;

  @AfterEach
  void stop() throws Exception {
    if (callers != null) {
      callers.shutdownNow();
    }
    if (flow != null) {
      flow.stop();
    }
  }

  @Test
  void aLockedTicketsTableAnswersNewSessionsUnavailableAndTheEndWrittenMeanwhileLandsAfter()
      throws Exception {
    String url = TestDatabases.freshPostgresUrl();
    flow = new SessionFlowTest();
    flow.start(
        "database.url=" + url,
        "database.user=" + TestDatabases.postgresUser(),
        "database.password=");
    AcceptedSession session = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    long ticket = session.ticket();

    try (Connection locker =
        DriverManager.getConnection(
            url.substring(0, url.indexOf('?')), TestDatabases.postgresUser(), "")) {
      locker.setAutoCommit(false);
      try (Statement lock = locker.createStatement()) {
        lock.execute("SET search_path TO " + url.substring(url.indexOf('=') + 1));
        lock.execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE");
      }

      // Written while the database hangs: the customer ends the live session.
      session.send(
          HelperMessage.newBuilder().setEnd(HelperMessage.EndSession.getDefaultInstance()).build());
      session.events().next(HelperEvent::hasEnded);

      // New callers need a ticket: each is answered UNAVAILABLE, none left hanging.
      callers = Executors.newFixedThreadPool(CALLERS);
      List<Future<Status.Code>> answers = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        RegisterRequest registration = registration("m-hung-" + i);
        answers.add(
            callers.submit(
                () -> {
                  try {
                    flow.fixture
                        .helper()
                        .withDeadlineAfter(60, TimeUnit.SECONDS)
                        .register(registration);
                    return Status.Code.OK;
                  } catch (RuntimeException e) {
                    return Status.fromThrowable(e).getCode();
                  }
                }));
      }
      for (Future<Status.Code> answer : answers) {
        assertThat(answer.get(90, TimeUnit.SECONDS)).isEqualTo(Status.Code.UNAVAILABLE);
      }
      // Other calls are still answered while the lock holds.
      assertThat(
              HealthGrpc.newBlockingStub(flow.fixture.channel())
                  .withDeadlineAfter(30, TimeUnit.SECONDS)
                  .check(HealthCheckRequest.getDefaultInstance())
                  .getStatus())
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      assertThat(timelineKinds(url, ticket)).doesNotContain(EventKind.SESSION_ENDED);
      locker.rollback();
    }

    // Released: the end written meanwhile lands, and new callers get a ticket again.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(timelineKinds(url, ticket)).contains(EventKind.SESSION_ENDED));
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> !flow.fixture.helper().register(registration("m-after")).getCode().isEmpty());
  }

  private List<EventKind> timelineKinds(String url, long ticket) {
    return flow.fixture.broker().tickets().timeline(ticket).stream()
        .map(TimelineEntry::kind)
        .toList();
  }

  private static RegisterRequest registration(String machine) {
    return SessionFlowTest.registration(BrokerFixture.LICENCE).toBuilder()
        .setMachine(MachineIdentity.newBuilder().setMachineId(machine).setHostname("CAJA-H"))
        .build();
  }
}
