package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.client.RefusalStatus;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.ListQueueRequest;
import puente.v1.OpenSessionRequest;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.TicketServiceGrpc;

/** A staff token works for its configured lifetime (12 h by default) and not a second longer. */
class StaffTokenExpiryTest {
  static final Duration LIFETIME = Duration.ofHours(12);
  static final String EXPIRED = "Su sesión de trabajo venció: ejecute «agent-app login» otra vez.";

  final ManualTime time = new ManualTime(SessionFlowTest.OFFICE_OPEN.instant());
  BrokerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = BrokerFixture.start(time);
    fixture.addAgent("ana", "Ana López", Role.AGENT);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aTokenPastItsLifetimeIsRefusedAsUnauthenticatedOnEveryService() throws Exception {
    String token = fixture.login("ana");
    var tickets =
        TicketServiceGrpc.newBlockingStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(token));
    var agent =
        AgentServiceGrpc.newBlockingStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(token));

    // Used a second before it ends, the token still works (and the broker remembers it).
    time.advance(LIFETIME.minusSeconds(1));
    assertThat(tickets.listQueue(ListQueueRequest.getDefaultInstance()).getTicketsList()).isEmpty();

    time.advance(Duration.ofSeconds(2));
    assertExpired(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> tickets.listQueue(ListQueueRequest.getDefaultInstance())));
    assertExpired(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> agent.openSession(OpenSessionRequest.newBuilder().setCode("123456789").build())));
    Recorder<AgentEvent> events = new Recorder<>();
    AgentServiceGrpc.newStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(token))
        .attach(events)
        .onNext(
            AgentMessage.newBuilder()
                .setJoin(AgentMessage.Join.newBuilder().setSessionId("any"))
                .build());
    assertThatThrownBy(() -> events.done().get(10, TimeUnit.SECONDS))
        .satisfies(e -> assertExpired((StatusRuntimeException) e.getCause()));

    // Logging in again gives a token that works.
    assertThat(
            TicketServiceGrpc.newBlockingStub(fixture.channel())
                .withCallCredentials(BrokerFixture.bearer(fixture.login("ana")))
                .listQueue(ListQueueRequest.getDefaultInstance())
                .getTicketsList())
        .isEmpty();
  }

  static void assertExpired(StatusRuntimeException refused) {
    assertThat(refused).as("a refusal").isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    Refusal refusal = RefusalStatus.fromThrowable(refused).orElseThrow();
    assertThat(refusal.getReason()).isEqualTo(RefusalReason.UNAUTHENTICATED);
    assertThat(refusal.getMessage()).isEqualTo(EXPIRED);
  }
}
