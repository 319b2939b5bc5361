package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.ListQueueRequest;
import puente.v1.OpenSessionRequest;
import puente.v1.TicketServiceGrpc;

/**
 * An API key issued by the operator reads tickets over REST, and nothing else: gRPC refuses it on
 * every staff call, as a raw client would try, and REST refuses it once revoked.
 */
class ApiKeyAccessTest {
  final String databaseUrl = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  final HttpClient http = HttpClient.newHttpClient();
  SessionFlowTest flow;
  BrokerFixture fixture;
  SessionFlowTest.ConnectedHelper helper;
  String key;

  @BeforeEach
  void aTicketAndAKey() throws Exception {
    flow = new SessionFlowTest();
    flow.start("database.url=" + databaseUrl);
    fixture = flow.fixture;
    helper = flow.connectHelper();
    String created = operator("apikey", "create", "Mesa de ayuda");
    key = created.lines().reduce((first, second) -> second).orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  String operator(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    List<String> all = new ArrayList<>(List.of("--set", "database.url=" + databaseUrl));
    all.addAll(List.of(args));
    try {
      assertThat(new CommandLine(new BrokerMain()).execute(all.toArray(String[]::new))).isZero();
    } finally {
      System.setOut(stdout);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  HttpResponse<String> get(String path, String bearer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.broker().httpPort() + path))
            .header("Authorization", "Bearer " + bearer)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static void assertUnauthenticated(StatusRuntimeException refused) {
    assertThat(refused).as("a refusal").isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aKeyReadsTicketsAndTheirTimelinesOverRest() throws Exception {
    HttpResponse<String> list = get("/api/v1/tickets", key);
    assertThat(list.statusCode()).isEqualTo(200);
    JsonObject page = new JsonObject(list.body());
    assertThat(page.getLong("total")).isEqualTo(1);
    String id = helper.registered().getTicketId();
    assertThat(get("/api/v1/tickets/" + id, key).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/tickets/" + id + "/timeline", key).statusCode()).isEqualTo(200);
  }

  @Test
  void aKeyCannotOpenOrJoinSessionsNorCallAnyStaffRpc() throws Exception {
    var agent =
        AgentServiceGrpc.newBlockingStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(key));
    assertUnauthenticated(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                agent.openSession(
                    OpenSessionRequest.newBuilder()
                        .setCode(helper.registered().getCode())
                        .build())));
    assertUnauthenticated(
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                TicketServiceGrpc.newBlockingStub(fixture.channel())
                    .withCallCredentials(BrokerFixture.bearer(key))
                    .listQueue(ListQueueRequest.getDefaultInstance())));

    Recorder<AgentEvent> events = new Recorder<>();
    AgentServiceGrpc.newStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(key))
        .attach(events)
        .onNext(
            AgentMessage.newBuilder()
                .setJoin(AgentMessage.Join.newBuilder().setSessionId("any"))
                .build());
    assertThatThrownBy(() -> events.done().get(10, TimeUnit.SECONDS))
        .satisfies(e -> assertUnauthenticated((StatusRuntimeException) e.getCause()));

    // The code was never claimed: the customer is still waiting, with no prompt.
    assertThat(fixture.broker().sessions().live()).hasSize(1);
  }

  @Test
  void aRevokedKeyIsRefusedOnItsNextRequest() throws Exception {
    assertThat(get("/api/v1/tickets", key).statusCode()).isEqualTo(200);
    operator("apikey", "revoke", "1");
    HttpResponse<String> refused = get("/api/v1/tickets", key);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(refused.body()).getString("reason")).isEqualTo("UNAUTHENTICATED");
    assertThat(get("/api/v1/tickets", "pk_" + "x".repeat(43)).statusCode()).isEqualTo(401);
    assertThat(operator("agent", "audit"))
        .contains("apikey-create  key 1 Mesa de ayuda  tickets:read")
        .contains("apikey-revoke  key 1 Mesa de ayuda");
  }
}
