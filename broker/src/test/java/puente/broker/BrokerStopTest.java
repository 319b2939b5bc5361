package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.broker.config.BrokerConfig;
import puente.broker.store.Database;
import puente.broker.store.TicketStore;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.SessionRecord;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AccessKind;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.LoginRequest;
import puente.v1.OpenSessionRequest;
import puente.v1.RegisterResponse;

/** The broker as a real process, stopped the normal way (SIGTERM) in the middle of live work. */
class BrokerStopTest {
  private static final int SESSIONS = 20;

  @TempDir Path dir;

  /** A customer's side of one live session. */
  record Customer(long ticketId, String sessionId, Recorder<HelperEvent> events) {}

  @Test
  void sigtermWithTwentyLiveSessionsLeavesTwentyEndRecordsAtTheStopInstant() throws Exception {
    BrokerProcess.seed(dir);
    List<Customer> customers = new ArrayList<>();
    Instant signalled;
    Instant exited;
    String output;
    BrokerProcess broker = BrokerProcess.start(dir);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", broker.grpcPort()).usePlaintext().build();
    try {
      String token =
          AgentServiceGrpc.newBlockingStub(channel)
              .login(
                  LoginRequest.newBuilder()
                      .setUsername("ana")
                      .setPassword(BrokerFixture.PASSWORD)
                      .build())
              .getToken();
      for (int i = 0; i < SESSIONS; i++) {
        customers.add(openLive(channel, token));
      }

      signalled = Instant.now();
      broker.close();
      exited = Instant.now();
      output = broker.output();

      // Every customer was told, in Spanish, before the broker went away.
      for (Customer customer : customers) {
        HelperEvent ended = customer.events().next(HelperEvent::hasEnded);
        assertThat(ended.getEnded().getReason()).isEqualTo(EndReason.BROKER_STOPPED);
        assertThat(ended.getEnded().getMessage()).isNotBlank();
      }
    } finally {
      channel.shutdownNow();
      broker.close();
    }

    // 128 + 15: the JVM's exit status after SIGTERM once every shutdown step has run.
    assertThat(broker.exitValue()).isEqualTo(143);
    assertThat(output)
        .doesNotContain("Database is already closed")
        .doesNotContain("\tat ")
        .contains("stopped");
    try (Database database =
        Database.open(new BrokerConfig.Database(BrokerProcess.h2Url(dir), "sa", "", 1))) {
      TicketStore tickets = new TicketStore(database);
      assertThat(tickets.liveSessionCount()).isZero();
      for (Customer customer : customers) {
        SessionRecord session = tickets.session(customer.sessionId()).orElseThrow();
        assertThat(session.state()).isEqualTo("ENDED");
        assertThat(session.endReason()).isEqualTo("BROKER_STOPPED");
        // P8: billable time ends when the broker stopped, not whenever it starts again.
        assertThat(session.endedAt()).isBetween(signalled.minusMillis(1), exited);
        List<TimelineEntry> ends =
            tickets.timeline(customer.ticketId()).stream()
                .filter(e -> e.kind() == EventKind.SESSION_ENDED)
                .filter(e -> e.sessionId().equals(customer.sessionId()))
                .toList();
        assertThat(ends).singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("broker"));
        assertThat(ends.get(0).detail()).doesNotContain("found_live_at_start");
      }
    }
  }

  /** Registers a helper, opens a tunnel session on its code and says yes to the prompt. */
  private static Customer openLive(ManagedChannel channel, String token) throws Exception {
    Recorder<HelperEvent> events = new Recorder<>();
    RegisterResponse registered =
        HelperServiceGrpc.newBlockingStub(channel)
            .register(SessionFlowTest.registration(BrokerFixture.LICENCE));
    StreamObserver<HelperMessage> out = HelperServiceGrpc.newStub(channel).connect(events);
    out.onNext(
        HelperMessage.newBuilder()
            .setHello(HelperMessage.Hello.newBuilder().setHelperToken(registered.getHelperToken()))
            .build());
    events.next(HelperEvent::hasWaiting);
    var opening =
        AgentServiceGrpc.newFutureStub(channel)
            .withCallCredentials(BrokerFixture.bearer(token))
            .openSession(
                OpenSessionRequest.newBuilder()
                    .setCode(registered.getCode())
                    .setAccess(AccessKind.TUNNEL)
                    .build());
    HelperEvent prompt = events.next(HelperEvent::hasConsentPrompt);
    out.onNext(
        HelperMessage.newBuilder()
            .setConsent(
                HelperMessage.ConsentAnswer.newBuilder()
                    .setPromptId(prompt.getConsentPrompt().getPromptId())
                    .setAccepted(true))
            .build());
    String sessionId = opening.get(10, TimeUnit.SECONDS).getSessionId();
    return new Customer(Long.parseLong(registered.getTicketId()), sessionId, events);
  }
}
