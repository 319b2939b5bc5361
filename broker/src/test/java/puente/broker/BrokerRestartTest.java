package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
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
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.LoginRequest;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.RegisterResponse;

/** The broker as a real process: killed with SIGKILL mid-session, then started again. */
class BrokerRestartTest {
  @TempDir Path dir;

  @Test
  void aKilledBrokerLeavesNoSessionActiveAfterRestartAndBothPeersAreTold() throws Exception {
    BrokerProcess.seed(dir);

    String sessionId;
    long ticketId;
    java.time.Instant killedAt;
    Recorder<HelperEvent> helperEvents = new Recorder<>();
    Recorder<AgentEvent> agentEvents = new Recorder<>();
    BrokerProcess broker = BrokerProcess.start(dir);
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", broker.grpcPort()).usePlaintext().build();
    try {
      RegisterResponse registered =
          HelperServiceGrpc.newBlockingStub(channel)
              .register(SessionFlowTest.registration(BrokerFixture.LICENCE));
      ticketId = Long.parseLong(registered.getTicketId());
      StreamObserver<HelperMessage> helperOut =
          HelperServiceGrpc.newStub(channel).connect(helperEvents);
      helperOut.onNext(
          HelperMessage.newBuilder()
              .setHello(
                  HelperMessage.Hello.newBuilder().setHelperToken(registered.getHelperToken()))
              .build());
      helperEvents.next(HelperEvent::hasWaiting);

      String token =
          AgentServiceGrpc.newBlockingStub(channel)
              .login(
                  LoginRequest.newBuilder()
                      .setUsername("ana")
                      .setPassword(BrokerFixture.PASSWORD)
                      .build())
              .getToken();
      var agent =
          AgentServiceGrpc.newFutureStub(channel).withCallCredentials(BrokerFixture.bearer(token));
      var opening =
          agent.openSession(
              OpenSessionRequest.newBuilder()
                  .setCode(registered.getCode())
                  .setAccess(AccessKind.TUNNEL)
                  .build());
      HelperEvent prompt = helperEvents.next(HelperEvent::hasConsentPrompt);
      helperOut.onNext(
          HelperMessage.newBuilder()
              .setConsent(
                  HelperMessage.ConsentAnswer.newBuilder()
                      .setPromptId(prompt.getConsentPrompt().getPromptId())
                      .setAccepted(true))
              .build());
      OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
      sessionId = opened.getSessionId();
      StreamObserver<AgentMessage> agentOut =
          AgentServiceGrpc.newStub(channel)
              .withCallCredentials(BrokerFixture.bearer(token))
              .attach(agentEvents);
      agentOut.onNext(
          AgentMessage.newBuilder()
              .setJoin(AgentMessage.Join.newBuilder().setSessionId(sessionId))
              .build());
      agentEvents.next(AgentEvent::hasJoined);

      killedAt = java.time.Instant.now();
      broker.kill();

      // Both peers learn that the broker is gone: their streams fail as UNAVAILABLE. A killed
      // broker cannot end them normally.
      for (var done : List.of(helperEvents.done(), agentEvents.done())) {
        assertThat(done)
            .failsWithin(Duration.ofSeconds(30))
            .withThrowableOfType(ExecutionException.class)
            .satisfies(
                e ->
                    assertThat(Status.fromThrowable(e.getCause()).getCode())
                        .isEqualTo(Status.Code.UNAVAILABLE));
      }
    } finally {
      channel.shutdownNow();
      broker.close();
    }

    // A new broker on the same database ends what the killed one left live.
    // Read once it has stopped again: nothing but the broker opens the file while it runs.
    BrokerProcess.start(dir).close();
    try (Database database =
        Database.open(new BrokerConfig.Database(BrokerProcess.h2Url(dir), "sa", "", 1))) {
      TicketStore tickets = new TicketStore(database);
      assertThat(tickets.liveSessionCount()).isZero();
      SessionRecord session = tickets.session(sessionId).orElseThrow();
      assertThat(session.state()).isEqualTo("ENDED");
      assertThat(session.endReason()).isEqualTo("BROKER_STOPPED");
      // P8: ended when last known alive (its start or last checkpoint), not when the next run
      // began.
      assertThat(session.endedAt()).isBetween(session.startedAt(), killedAt);
      assertThat(session.bytesToAgent()).isZero();
      assertThat(session.bytesToCustomer()).isZero();
      List<TimelineEntry> timeline = tickets.timeline(ticketId);
      assertThat(timeline)
          .extracting(TimelineEntry::kind)
          .containsSubsequence(
              EventKind.TICKET_OPENED,
              EventKind.CONSENT_GIVEN,
              EventKind.SESSION_STARTED,
              EventKind.PARTICIPANT_JOINED,
              EventKind.SESSION_ENDED);
      // Ended once, last, by the new broker's start-up sweep; no bytes were relayed.
      assertThat(timeline).filteredOn(e -> e.kind() == EventKind.SESSION_ENDED).hasSize(1);
      assertThat(timeline.get(timeline.size() - 1))
          .satisfies(
              last -> {
                assertThat(last.kind()).isEqualTo(EventKind.SESSION_ENDED);
                assertThat(last.actor()).isEqualTo("broker");
                assertThat(last.sessionId()).isEqualTo(sessionId);
                assertThat(last.detail())
                    .isEqualTo(
                        "BROKER_STOPPED found_live_at_start bytes_to_agent=0"
                            + " bytes_to_customer=0");
              });
    }
  }
}
