package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;

/** The tickets' REST API over real HTTP. */
class TicketRestApiTest {
  BrokerFixture fixture;
  final HttpClient http = HttpClient.newHttpClient();
  String token;
  final List<Long> ids = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN);
    fixture.addAgent("ana", "Ana López", Role.AGENT);
    token = fixture.login("ana");
    for (int i = 1; i <= 3; i++) {
      ids.add(fixture.ticketFor("m-" + i, "PC-" + i));
    }
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + fixture.broker().httpPort() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> authed(String path, String... more) throws Exception {
    List<String> headers = new ArrayList<>(List.of("Authorization", "Bearer " + token));
    headers.addAll(List.of(more));
    return get(path, headers.toArray(String[]::new));
  }

  @Test
  void listsTicketsPageByPageNewestFirst() throws Exception {
    HttpResponse<String> first = authed("/api/v1/tickets?size=2");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/json");
    JsonObject page = new JsonObject(first.body());
    assertThat(page.getLong("total")).isEqualTo(3);
    assertThat(page.getInteger("page")).isEqualTo(1);
    JsonArray items = page.getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(0).getLong("id")).isEqualTo(ids.get(2));
    assertThat(items.getJsonObject(0).getString("state")).isEqualTo("NEW");
    assertThat(items.getJsonObject(0).getString("customerName")).isEqualTo("Contadores Rivera SC");

    JsonObject second = new JsonObject(authed("/api/v1/tickets?size=2&page=2").body());
    assertThat(second.getJsonArray("items")).hasSize(1);
    assertThat(second.getJsonArray("items").getJsonObject(0).getLong("id")).isEqualTo(ids.get(0));

    assertThat(new JsonObject(authed("/api/v1/tickets?state=closed").body()).getLong("total"))
        .isZero();
  }

  @Test
  void eachTicketCarriesItsStateAsAWordInTheCallersLanguage() throws Exception {
    long id = ids.get(0);
    JsonObject spanish = new JsonObject(authed("/api/v1/tickets/" + id).body());
    assertThat(spanish.getString("state")).isEqualTo("NEW");
    assertThat(spanish.getString("stateText")).isEqualTo("nuevo");

    JsonObject english =
        new JsonObject(authed("/api/v1/tickets/" + id, "Accept-Language", "en-US,en;q=0.9").body());
    assertThat(english.getString("stateText")).isEqualTo("new");

    // ?lang= wins over the browser's header, in the list as in one ticket.
    JsonObject page =
        new JsonObject(authed("/api/v1/tickets?lang=es-MX", "Accept-Language", "en").body());
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("stateText"))
        .isEqualTo("nuevo");
  }

  @Test
  void showsOneTicketAndItsTimeline() throws Exception {
    long id = ids.get(1);
    JsonObject ticket = new JsonObject(authed("/api/v1/tickets/" + id).body());
    assertThat(ticket.getLong("id")).isEqualTo(id);
    assertThat(ticket.getString("hostname")).isEqualTo("PC-2");
    assertThat(ticket.getBoolean("acknowledged")).isTrue();
    assertThat(ticket.getString("dueStatus")).isEqualTo("NONE");

    JsonObject timeline = new JsonObject(authed("/api/v1/tickets/" + id + "/timeline").body());
    assertThat(timeline.getJsonArray("entries").getJsonObject(0).getString("kind"))
        .isEqualTo("TICKET_OPENED");
    assertThat(timeline.getJsonArray("entries").getJsonObject(0).getString("actor"))
        .isEqualTo("customer");
  }

  @Test
  void errorsAreJsonWithAReasonAndAStatus() throws Exception {
    HttpResponse<String> anonymous = get("/api/v1/tickets");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(anonymous.body()).getString("reason")).isEqualTo("UNAUTHENTICATED");

    HttpResponse<String> wrongToken = get("/api/v1/tickets", "Authorization", "Bearer nope");
    assertThat(wrongToken.statusCode()).isEqualTo(401);

    HttpResponse<String> missing = authed("/api/v1/tickets/999999");
    assertThat(missing.statusCode()).isEqualTo(404);
    JsonObject error = new JsonObject(missing.body());
    assertThat(error.getString("reason")).isEqualTo("TICKET_NOT_FOUND");
    assertThat(error.getString("message")).isEqualTo("No existe el caso 999999.");
    assertThat(
            new JsonObject(
                    authed("/api/v1/tickets/999999/timeline", "Accept-Language", "en-US").body())
                .getString("message"))
        .isEqualTo("There is no case 999999.");

    HttpResponse<String> badSize = authed("/api/v1/tickets?size=1000");
    assertThat(badSize.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badSize.body()).getString("reason")).isEqualTo("INVALID_REQUEST");
    assertThat(authed("/api/v1/tickets?state=SOLVED").statusCode()).isEqualTo(400);
    assertThat(authed("/api/v1/tickets/abc").statusCode()).isEqualTo(400);
  }
}
