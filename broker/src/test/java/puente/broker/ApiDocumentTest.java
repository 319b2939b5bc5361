package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.ApiKey;
import puente.broker.auth.ApiScope;
import puente.broker.auth.Secrets;
import puente.broker.http.ApiDocument;
import puente.broker.store.ApiKeyStore;
import puente.broker.ticket.CloseReason;
import puente.broker.ticket.DueStatus;
import puente.broker.ticket.TicketState;

/**
 * The OpenAPI document the broker serves is a valid OpenAPI 3.1 document and says what the API
 * does: every route mounted under {@code /api} is in it and nothing else, the JSON the API answers
 * has exactly the fields it names, and its enumerations are the broker's own.
 */
class ApiDocumentTest {
  static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head");

  BrokerFixture fixture;
  Vertx vertx;
  Map<String, Object> document;
  JsonObject json;
  String key;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void start() throws Exception {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN);
    vertx = Vertx.vertx();
    HttpResponse<String> served = get(ApiDocument.PATH, null);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/yaml");
    document = new ObjectMapper(new YAMLFactory()).readValue(served.body(), Map.class);
    json = new JsonObject(document);
    key = ApiKey.PREFIX + Secrets.newToken();
    new ApiKeyStore(fixture.broker().database())
        .create(
            "doc",
            EnumSet.of(ApiScope.TICKETS_READ, ApiScope.QUEUE_READ),
            Secrets.digest(key),
            "test",
            fixture.broker().now());
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    fixture.close();
  }

  HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.httpBase() + path));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Reads the document as vert.x's OpenAPI support does, which checks it against the OpenAPI 3.1
   * schema. That reader refuses media types it cannot validate, such as the {@code
   * application/yaml} of the document describing itself, so that one operation is left out of its
   * copy; the route test below still holds it to the router.
   */
  OpenAPIContract contract() throws Exception {
    JsonObject readable = json.copy();
    readable.getJsonObject("paths").remove(ApiDocument.PATH);
    return await(OpenAPIContract.from(vertx, readable));
  }

  static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Checks an answer of the real API against the operation's documented response. */
  void assertAnswers(OpenAPIContract contract, String operationId, HttpResponse<String> answer)
      throws Exception {
    await(
        ResponseValidator.create(vertx, contract)
            .validate(
                ValidatableResponse.create(
                    answer.statusCode(),
                    Buffer.buffer(answer.body()),
                    answer.headers().firstValue("content-type").orElseThrow()),
                operationId));
  }

  @Test
  void theServedDocumentIsValidOpenApi() throws Exception {
    OpenAPIContract contract = contract();
    assertThat(contract.operation("getTicket")).isNotNull();
    assertThat(contract.getSecurityRequirements()).isNotEmpty();
  }

  @Test
  void everyRouteUnderApiIsDocumentedAndEveryDocumentedRouteIsMounted() {
    Set<String> mounted =
        fixture.broker().httpRoutes().stream()
            .filter(route -> route.split(" ", 2)[1].startsWith("/api"))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> documented = new TreeSet<>();
    json.getJsonObject("paths")
        .forEach(
            path -> {
              for (String method : ((JsonObject) path.getValue()).fieldNames()) {
                if (METHODS.contains(method)) {
                  documented.add(
                      method.toUpperCase() + " " + path.getKey().replaceAll("\\{(\\w+)}", ":$1"));
                }
              }
            });
    assertThat(mounted).isNotEmpty().isEqualTo(documented);
  }

  @Test
  void theTicketJsonHasExactlyTheDocumentedFields() throws Exception {
    long id = fixture.ticketFor("m-1", "PC-1");

    OpenAPIContract contract = contract();
    assertAnswers(contract, "getTicket", get("/api/v1/tickets/" + id, key));
    assertAnswers(contract, "listTickets", get("/api/v1/tickets?state=NEW", key));
    assertAnswers(contract, "getTicketTimeline", get("/api/v1/tickets/" + id + "/timeline", key));
    assertAnswers(contract, "getTicket", get("/api/v1/tickets/" + (id + 99), key));
    assertAnswers(contract, "listTickets", get("/api/v1/tickets?size=1000", key));
    assertAnswers(contract, "listTickets", get("/api/v1/tickets", "pk_unknown"));
    assertAnswers(contract, "listQueue", get("/api/v1/queue", key));
    assertAnswers(contract, "listQueue", get("/api/v1/queue", "pk_unknown"));
    assertThat(new JsonObject(get("/api/v1/queue", key).body()).fieldNames())
        .isEqualTo(properties("Queue"));

    JsonObject ticket = new JsonObject(get("/api/v1/tickets/" + id, key).body());
    assertThat(ticket.fieldNames()).isEqualTo(properties("Ticket"));
    JsonObject page = new JsonObject(get("/api/v1/tickets", key).body());
    assertThat(page.fieldNames()).isEqualTo(properties("TicketPage"));
    JsonObject timeline = new JsonObject(get("/api/v1/tickets/" + id + "/timeline", key).body());
    assertThat(timeline.fieldNames()).isEqualTo(properties("Timeline"));
    assertThat(timeline.getJsonArray("entries").getJsonObject(0).fieldNames())
        .isEqualTo(properties("TimelineEntry"));
    JsonObject error = new JsonObject(get("/api/v1/tickets/" + (id + 99), key).body());
    assertThat(error.fieldNames()).isEqualTo(properties("Error"));
    assertThat(enumOf("Error", "reason")).contains(error.getString("reason"));
    assertThat(enumOf("Error", "reason"))
        .contains(new JsonObject(get("/api/v1/tickets", null).body()).getString("reason"));
  }

  @Test
  void theDocumentedEnumerationsAreTheBrokersOwn() {
    assertThat(
            schema("TicketState").getJsonArray("enum").stream()
                .map(Object::toString)
                .collect(Collectors.toSet()))
        .isEqualTo(names(TicketState.values()));
    assertThat(enumOf("Ticket", "dueStatus")).isEqualTo(names(DueStatus.values()));
    assertThat(enumOf("Ticket", "closeReason")).isEqualTo(names(CloseReason.values()));
  }

  JsonObject schema(String name) {
    return json.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  Set<String> properties(String name) {
    return schema(name).getJsonObject("properties").fieldNames();
  }

  Set<String> enumOf(String name, String property) {
    return schema(name)
        .getJsonObject("properties")
        .getJsonObject(property)
        .getJsonArray("enum")
        .stream()
        .filter(v -> v != null)
        .map(Object::toString)
        .collect(Collectors.toSet());
  }

  static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toSet());
  }
}
