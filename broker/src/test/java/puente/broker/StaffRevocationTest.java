package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentServiceGrpc;
import puente.v1.ListQueueRequest;
import puente.v1.ListSessionsRequest;
import puente.v1.LoginRequest;
import puente.v1.LogoutRequest;
import puente.v1.Notice;
import puente.v1.OpenSessionRequest;
import puente.v1.RefusalReason;
import puente.v1.TicketServiceGrpc;

/**
 * Shutting a member of staff out, as an operator does it: the admin command runs beside the broker
 * on the same database (another pool, as another process would), and the broker ends the user's
 * live streams within 5 s and refuses their token from then on.
 */
class StaffRevocationTest {
  static final Duration AT_ONCE = Duration.ofSeconds(5);
  static final String REVOKED =
      "Se retiró su acceso: un administrador desactivó su cuenta, cambió su perfil o cerró su"
          + " sesión de trabajo. Si todavía tiene acceso, ejecute «agent-app login».";

  final String databaseUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  SessionFlowTest flow;
  BrokerFixture fixture;
  AcceptedSession session;
  String anaToken;
  EscalationTest.Staff ana;

  @BeforeEach
  void anaIsInALiveSession() throws Exception {
    flow = new SessionFlowTest();
    flow.start("database.url=" + databaseUrl);
    fixture = flow.fixture;
    session = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    anaToken = fixture.login("ana");
    ana =
        session.attach(
            AgentServiceGrpc.newStub(fixture.channel())
                .withCallCredentials(BrokerFixture.bearer(anaToken)));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  /** Runs {@code broker …} as the operator does, on the broker's database. */
  String operator(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    InputStream stdin = System.in;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    List<String> all = new ArrayList<>(List.of("--set", "database.url=" + databaseUrl));
    all.addAll(List.of(args));
    try {
      assertThat(new CommandLine(new BrokerMain()).execute(all.toArray(String[]::new)))
          .as(String.join(" ", args))
          .isZero();
    } finally {
      System.setOut(stdout);
      System.setIn(stdin);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  AgentServiceGrpc.AgentServiceBlockingStub as(String token) {
    return AgentServiceGrpc.newBlockingStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(token));
  }

  void assertStreamEndsWithinFiveSeconds(long startedNanos) throws Exception {
    AgentEvent notice =
        ana.events().next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.REFUSED);
    assertThat(notice.getNotice().getReason()).isEqualTo(RefusalReason.UNAUTHENTICATED);
    assertThat(notice.getNotice().getMessage()).isEqualTo(REVOKED);
    ana.events().done().get(AT_ONCE.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - startedNanos)).isLessThan(AT_ONCE);
    List<TimelineEntry> timeline = fixture.broker().desk().timeline(session.ticket());
    assertThat(timeline)
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(EventKind.PARTICIPANT_LEFT);
              assertThat(e.actor()).isEqualTo("ana");
              assertThat(e.detail()).isEqualTo("access revoked");
            });
  }

  static void assertRefused(Runnable call) {
    StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(refused).as("a refusal").isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  void assertTokenRefused(String token) {
    assertRefused(() -> as(token).listSessions(ListSessionsRequest.getDefaultInstance()));
    assertRefused(
        () -> as(token).openSession(OpenSessionRequest.newBuilder().setCode("123456789").build()));
  }

  void assertLoginRefused(String password) {
    assertRefused(
        () ->
            AgentServiceGrpc.newBlockingStub(fixture.channel())
                .login(LoginRequest.newBuilder().setUsername("ana").setPassword(password).build()));
  }

  @Test
  void disablingAUserEndsTheirLiveStreamWithinFiveSecondsAndRefusesTheirTokens() throws Exception {
    long started = System.nanoTime();
    assertThat(operator("", "agent", "disable", "ana")).contains("agent ana disabled");
    assertStreamEndsWithinFiveSeconds(started);
    assertTokenRefused(anaToken);
    assertLoginRefused(BrokerFixture.PASSWORD);

    operator("", "agent", "enable", "ana");
    assertThat(fixture.login("ana")).isNotBlank();
  }

  @Test
  void changingTheRoleEndsTheLiveStreamAndTheNewRoleNeedsANewLogin() throws Exception {
    long started = System.nanoTime();
    operator("", "agent", "role", "ana", "supervisor");
    assertStreamEndsWithinFiveSeconds(started);
    assertTokenRefused(anaToken);
    // Only a supervisor may list every live session: the new login carries the new role.
    assertThat(as(fixture.login("ana")).listSessions(ListSessionsRequest.getDefaultInstance()))
        .isNotNull();
  }

  @Test
  void removingAUserEndsTheLiveStreamAndKeepsTheirNameOnTheTicket() throws Exception {
    long started = System.nanoTime();
    operator("", "agent", "remove", "ana");
    assertStreamEndsWithinFiveSeconds(started);
    assertTokenRefused(anaToken);
    assertLoginRefused(BrokerFixture.PASSWORD);
    assertThat(fixture.broker().desk().timeline(session.ticket()))
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(EventKind.PARTICIPANT_JOINED);
              assertThat(e.actor()).isEqualTo("ana");
            });
  }

  @Test
  void resettingThePasswordRefusesTheOldOneAndEndsTheLiveStream() throws Exception {
    long started = System.nanoTime();
    operator("otra contraseña larga\n", "agent", "reset-password", "ana", "--password-stdin");
    assertStreamEndsWithinFiveSeconds(started);
    assertTokenRefused(anaToken);
    assertLoginRefused(BrokerFixture.PASSWORD);
    assertThat(
            AgentServiceGrpc.newBlockingStub(fixture.channel())
                .login(
                    LoginRequest.newBuilder()
                        .setUsername("ana")
                        .setPassword("otra contraseña larga")
                        .build())
                .getToken())
        .isNotBlank();
  }

  @Test
  void logoutRevokesOnlyTheCallersTokenAndEndsItsStreams() throws Exception {
    String other = fixture.login("ana");
    long started = System.nanoTime();
    as(anaToken).logout(LogoutRequest.getDefaultInstance());
    assertTokenRefused(anaToken);
    assertStreamEndsWithinFiveSeconds(started);
    // Another login of the same user (another machine) goes on.
    assertThat(
            TicketServiceGrpc.newBlockingStub(fixture.channel())
                .withCallCredentials(BrokerFixture.bearer(other))
                .listQueue(ListQueueRequest.getDefaultInstance()))
        .isNotNull();
    assertThat(operator("", "agent", "audit")).contains("ana  logout  ana");
  }

  @Test
  void aMemberWhoJoinsWhileTheCheckReadsTheDatabaseStays() throws Exception {
    AcceptedSession second = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    String laterLogin = fixture.login("ana");
    List<EscalationTest.Staff> joined = new ArrayList<>();
    int ended =
        fixture
            .broker()
            .sessions()
            .endRevokedAccess(
                asked -> {
                  // Ana joins the second session from another login while the check reads.
                  try {
                    joined.add(
                        second.attach(
                            AgentServiceGrpc.newStub(fixture.channel())
                                .withCallCredentials(BrokerFixture.bearer(laterLogin))));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return Set.copyOf(asked);
                });
    assertThat(ended).isZero();
    assertThat(joined.get(0).events().done()).isNotDone();
    assertThat(ana.events().done()).isNotDone();
    assertThat(fixture.broker().desk().timeline(second.ticket()))
        .noneSatisfy(e -> assertThat(e.detail()).isEqualTo("access revoked"));
  }
}
