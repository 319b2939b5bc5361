package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import puente.broker.auth.ApiScope;
import puente.broker.auth.Role;
import puente.broker.auth.Secrets;
import puente.broker.store.AgentStore;
import puente.broker.store.ApiKeyStore;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndSessionRequest;
import puente.v1.EscalateRequest;
import puente.v1.Escalation;
import puente.v1.ListEscalationsRequest;
import puente.v1.MachineIdentity;
import puente.v1.OpenSessionRequest;

/**
 * The console's "Cola" page and {@code GET /api/v1/queue} over real HTTP, with sessions opened and
 * escalated over the real RPCs, on manual time so that ages differ: the order (P17), a supervisor's
 * assignment through the session core (P15) and its refusals.
 */
class QueueConsoleHttpTest {
  final ManualTime time = new ManualTime(SessionFlowTest.OFFICE_OPEN.instant());
  final SessionFlowTest flow = new SessionFlowTest();
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final List<AcceptedSession> sessions = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    flow.start(time);
    flow.fixture.addAgent("sup", "Supervisora Díaz", Role.SUPERVISOR);
    flow.fixture.addAgent("esp", "Esteban Soto", Role.SPECIALIST);
    flow.fixture.addAgent("eva", "Eva Lara", Role.SPECIALIST);
  }

  @AfterEach
  void stop() throws Exception {
    flow.fixture.close();
  }

  @Test
  @DisplayName("P17 the page and the API list escalations by priority, then age, as the RPC does")
  void listsWaitingEscalationsByPriorityThenAge() throws Exception {
    String behaviour = escalated("m-1", "system-behaviour", "");
    time.advance(Duration.ofMinutes(1));
    String firstFailure = escalated("m-2", "system-failure", "");
    time.advance(Duration.ofMinutes(1));
    String installation = escalated("m-3", "installation", "eva");
    time.advance(Duration.ofMinutes(1));
    String secondFailure = escalated("m-4", "system-failure", "");
    time.advance(Duration.ofMinutes(1));
    List<String> served = List.of(firstFailure, secondFailure, installation, behaviour);

    ConsoleClient sup = signedIn("sup");
    String page = sup.get("/console/queue").body();
    assertThat(rowsOf(page)).containsExactlyElementsOf(served);
    assertThat(page)
        .contains("id=\"count-waiting\">4<")
        .contains("Cola de especialistas")
        .contains("P1")
        .contains("Rivera")
        .contains("LIC-0001")
        .contains("href=\"/console/tickets/")
        .contains("3 min 00 s")
        // Categories by the names the policy gives them (P5), not their ids.
        .contains("<td>Error al instalar el sistema</td>")
        .doesNotContain("<td>installation</td>")
        .contains("toda la cola")
        .contains("<strong>eva</strong>");
    // The live page counts the same escalations.
    assertThat(sup.get("/console/live").body()).contains("id=\"count-escalations\">4<");

    JsonArray items = api("/api/v1/queue", flow.fixture.login("sup")).getJsonArray("items");
    assertThat(items.stream().map(i -> ((JsonObject) i).getString("sessionId")).toList())
        .containsExactlyElementsOf(served);
    JsonObject first = items.getJsonObject(0);
    assertThat(first.getInteger("priority")).isEqualTo(1);
    assertThat(first.getString("category")).isEqualTo("system-failure");
    assertThat(first.getLong("waitingSeconds")).isEqualTo(180L);
    assertThat(first.getString("escalatedBy")).isEqualTo("ana");
    assertThat(first.getString("offeredTo")).isNull();
    assertThat(first.getString("licenceKey")).isEqualTo(BrokerFixture.LICENCE);
    assertThat(rpcQueue("sup").stream().map(Escalation::getSessionId).toList())
        .containsExactlyElementsOf(served);

    // A specialist sees, read-only, what they may take: the whole-queue offers, not eva's.
    ConsoleClient esp = signedIn("esp");
    String theirs = esp.get("/console/queue").body();
    assertThat(rowsOf(theirs)).containsExactly(firstFailure, secondFailure, behaviour);
    assertThat(theirs).doesNotContain("action=\"/console/queue/assign\"");
    assertThat(
            api("/api/v1/queue", flow.fixture.login("eva")).getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("sessionId"))
                .toList())
        .containsExactlyElementsOf(served);
  }

  @Test
  @DisplayName("P15 a supervisor names the specialist; the ticket says who and when; they join")
  void aSupervisorAssignsAWaitingEscalationToASpecialist() throws Exception {
    String session = escalated("m-1", "system-failure", "");
    time.advance(Duration.ofMinutes(2));
    ConsoleClient sup = signedIn("sup");
    String page = sup.get("/console/queue").body();
    assertThat(page).contains("<option value=\"esp\">Esteban Soto (esp)</option>");

    HttpResponse<String> assigned =
        sup.post(
            "/console/queue/assign",
            "csrf",
            ConsoleClient.csrf(page),
            "session",
            session,
            "specialist",
            "esp");

    assertThat(assigned.statusCode()).isEqualTo(303);
    assertThat(assigned.headers().firstValue("location"))
        .hasValue("/console/queue?assigned=" + session);
    String after = sup.get("/console/queue?assigned=" + session).body();
    assertThat(after)
        .contains("quedó asignado a esp")
        .contains("<strong>esp</strong>")
        .contains("asignó sup")
        // The wait counts from the escalation, not from the assignment.
        .contains("2 min 00 s");
    TimelineEntry entry =
        timeline(session).stream()
            .filter(e -> e.kind() == EventKind.ESCALATED && e.actor().equals("sup"))
            .findFirst()
            .orElseThrow();
    assertThat(entry.detail()).isEqualTo("assigned to esp (was: queue)");
    assertThat(entry.at()).isEqualTo(time.clock().instant());

    // The specialist's own view of the queue (the agent app's `queue`) shows it offered to them.
    assertThat(rpcQueue("esp"))
        .singleElement()
        .satisfies(e -> assertThat(e.getOfferedTo()).isEqualTo("esp"));
    assertThat(rpcQueue("eva")).isEmpty();
    // Only the named specialist may take it now.
    assertThat(join("eva", session)).isFalse();
    assertThat(join("esp", session)).isTrue();
    assertThat(rowsOf(sup.get("/console/queue").body())).isEmpty();
  }

  @Test
  void anAgentOrASpecialistCannotAssignAndAnAgentCannotSeeTheQueue() throws Exception {
    String session = escalated("m-1", "system-failure", "");
    ConsoleClient ana = signedIn("ana");
    HttpResponse<String> page = ana.get("/console/queue");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).contains("supervisores y especialistas");
    String csrf = ConsoleClient.csrf(ana.get("/console/tickets").body());

    HttpResponse<String> refused =
        ana.post("/console/queue/assign", "csrf", csrf, "session", session, "specialist", "esp");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body())
        .contains("data-reason=\"PERMISSION_DENIED\"")
        .contains("Su perfil no permite esta acción.");

    ConsoleClient esp = signedIn("esp");
    HttpResponse<String> bySpecialist =
        esp.post(
            "/console/queue/assign",
            "csrf",
            ConsoleClient.csrf(esp.get("/console/queue").body()),
            "session",
            session,
            "specialist",
            "esp");
    assertThat(bySpecialist.statusCode()).isEqualTo(403);
    assertThat(bySpecialist.body())
        .contains("data-reason=\"PERMISSION_DENIED\"")
        .contains("Su perfil no permite esta acción.");
    assertThat(rpcQueue("sup").get(0).getOfferedTo()).isEmpty();

    HttpResponse<String> api = apiResponse("/api/v1/queue", flow.fixture.login("ana"));
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(api.body()).getString("reason")).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void anAssignmentWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    String session = escalated("m-1", "system-failure", "");
    ConsoleClient sup = signedIn("sup");

    HttpResponse<String> forged =
        sup.post("/console/queue/assign", "session", session, "specialist", "esp");
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> wrong =
        sup.post(
            "/console/queue/assign", "csrf", "made-up", "session", session, "specialist", "esp");
    assertThat(wrong.statusCode()).isEqualTo(403);

    assertThat(rpcQueue("sup").get(0).getOfferedTo()).isEmpty();
    assertThat(timeline(session)).noneMatch(e -> e.actor().equals("sup"));
  }

  @Test
  void assigningToSomeoneWhoIsNotAnEnabledSpecialistIsRefusedInSpanish() throws Exception {
    String session = escalated("m-1", "system-failure", "");
    new AgentStore(flow.fixture.broker().database())
        .setEnabled("eva", false, "operator", flow.fixture.broker().now());
    ConsoleClient sup = signedIn("sup");
    String page = sup.get("/console/queue").body();
    assertThat(page).contains("value=\"esp\"").doesNotContain("value=\"eva\"");

    for (String notSpecialist : List.of("ana", "eva", "nadie", "sup")) {
      HttpResponse<String> refused =
          sup.post(
              "/console/queue/assign",
              "csrf",
              ConsoleClient.csrf(page),
              "session",
              session,
              "specialist",
              notSpecialist);
      assertThat(refused.statusCode()).as(notSpecialist).isEqualTo(400);
      assertThat(refused.body())
          .contains("data-reason=\"INVALID_REQUEST\"")
          .contains("No existe el especialista " + notSpecialist + ".");
    }
    HttpResponse<String> none =
        sup.post(
            "/console/queue/assign",
            "csrf",
            ConsoleClient.csrf(page),
            "session",
            session,
            "specialist",
            "");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(none.body()).contains("Elija a qué especialista se asigna.");
    // In English on request.
    String english = sup.get("/console/queue?lang=en").body();
    HttpResponse<String> inEnglish =
        sup.post(
            "/console/queue/assign",
            "csrf",
            ConsoleClient.csrf(english),
            "session",
            session,
            "specialist",
            "ana");
    assertThat(inEnglish.body()).contains("There is no specialist ana.");
    assertThat(rpcQueue("sup").get(0).getOfferedTo()).isEmpty();
  }

  @Test
  void anEscalationAlreadyTakenOrASessionEndedIsRefused() throws Exception {
    String taken = escalated("m-1", "system-failure", "");
    String ended = escalated("m-2", "system-failure", "");
    ConsoleClient sup = signedIn("sup");
    String csrf = ConsoleClient.csrf(sup.get("/console/queue").body());
    assertThat(join("esp", taken)).isTrue();

    HttpResponse<String> conflict =
        sup.post("/console/queue/assign", "csrf", csrf, "session", taken, "specialist", "eva");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body())
        .contains("data-reason=\"CONFLICT\"")
        .contains("ya no está en espera");

    flow.agentBlocking.endSession(EndSessionRequest.newBuilder().setSessionId(ended).build());
    HttpResponse<String> gone =
        sup.post("/console/queue/assign", "csrf", csrf, "session", ended, "specialist", "eva");
    assertThat(gone.statusCode()).isEqualTo(422);
    assertThat(gone.body())
        .contains("data-reason=\"SESSION_ENDED\"")
        .contains("La sesión ya terminó.");
  }

  @Test
  void anApiKeyReadsTheQueueOnlyWithItsScope() throws Exception {
    String session = escalated("m-1", "system-failure", "");
    String reader = key(EnumSet.of(ApiScope.QUEUE_READ));
    String ticketsOnly = key(EnumSet.of(ApiScope.TICKETS_READ));

    JsonObject queue = api("/api/v1/queue", reader);
    assertThat(queue.getInteger("total")).isEqualTo(1);
    assertThat(queue.getJsonArray("items").getJsonObject(0).getString("sessionId"))
        .isEqualTo(session);
    HttpResponse<String> refused = apiResponse("/api/v1/queue", ticketsOnly);
    assertThat(refused.statusCode()).isEqualTo(403);
    HttpResponse<String> nobody = apiResponse("/api/v1/queue", "pk_unknown");
    assertThat(nobody.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(nobody.body()).getString("reason")).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void theQueueEventStreamPushesANewEscalationAndRefusesAnotherOrigin() throws Exception {
    ConsoleClient sup = signedIn("sup");
    assertThat(sup.get("/console/queue/events", "Origin", "http://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(signedIn("ana").get("/console/queue/events").statusCode()).isEqualTo(403);

    HttpResponse<InputStream> stream = sup.stream("/console/queue/events", "Origin", sup.base());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).isEqualTo("event: queue");
    CompletableFuture<String> pushed =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.contains("data-session=")) {
                    return line;
                  }
                }
                return "";
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    String session = escalated("m-1", "system-failure", "");

    assertThat(pushed.get(5, TimeUnit.SECONDS)).contains("data-session=\"" + session + "\"");
    stream.body().close();
  }

  @Test
  void eachOpenQueuePageIsPushedWhatItsOwnMemberOfStaffSees() throws Exception {
    ConsoleClient sup = signedIn("sup");
    String supCsrf = ConsoleClient.csrf(sup.get("/console/queue").body());
    ConsoleClient esp = signedIn("esp");
    HttpResponse<InputStream> supStream = sup.stream("/console/queue/events");
    HttpResponse<InputStream> espStream = esp.stream("/console/queue/events");

    // Eva's first, then one for the whole queue: the push that brings the second to a page was
    // rendered with Eva's already waiting.
    String evas = escalated("m-1", "installation", "eva");
    String anyone = escalated("m-2", "system-failure", "");

    String supSees = eventWith(supStream, anyone);
    assertThat(supSees).contains("data-session=\"" + evas + "\"").contains(supCsrf);
    String espSees = eventWith(espStream, anyone);
    assertThat(espSees)
        .doesNotContain("data-session=\"" + evas + "\"")
        .doesNotContain("action=\"/console/queue/assign\"");
    supStream.body().close();
    espStream.body().close();
  }

  /** The first event on a stream that shows this session, as its lines joined; 5 s at most. */
  static String eventWith(HttpResponse<InputStream> stream, String sessionId) throws Exception {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                StringBuilder event = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (!line.isEmpty()) {
                    event.append(line).append('\n');
                  } else if (event.indexOf("data-session=\"" + sessionId + "\"") >= 0) {
                    return event.toString();
                  } else {
                    event.setLength(0);
                  }
                }
                return "";
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .get(5, TimeUnit.SECONDS);
  }

  // --- the programs' side, over the real RPCs ---

  /**
   * Opens a session for a machine under a category; Ana joins and escalates it to the queue, or to
   * a specialist by name.
   */
  String escalated(String machine, String category, String specialist) throws Exception {
    SessionFlowTest.ConnectedHelper helper =
        flow.connectHelper(
            SessionFlowTest.registration(BrokerFixture.LICENCE).toBuilder()
                .setMachine(MachineIdentity.newBuilder().setMachineId(machine).setHostname(machine))
                .build());
    AcceptedSession live =
        AcceptedSession.open(
            flow,
            helper,
            OpenSessionRequest.newBuilder().setAccess(AccessKind.TUNNEL).setCategory(category));
    live.attach(flow.agent);
    flow.agentBlocking.escalate(
        EscalateRequest.newBuilder()
            .setSessionId(live.opened().getSessionId())
            .setSpecialist(specialist)
            .setNote("caso " + machine)
            .build());
    sessions.add(live);
    return live.opened().getSessionId();
  }

  List<Escalation> rpcQueue(String username) {
    return AgentServiceGrpc.newBlockingStub(flow.fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(flow.fixture.login(username)))
        .listEscalations(ListEscalationsRequest.getDefaultInstance())
        .getEscalationsList();
  }

  /** Whether this member of staff's join of the session is accepted. */
  boolean join(String username, String sessionId) throws Exception {
    Recorder<AgentEvent> events = new Recorder<>();
    AgentServiceGrpc.newStub(flow.fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(flow.fixture.login(username)))
        .attach(events)
        .onNext(
            AgentMessage.newBuilder()
                .setJoin(AgentMessage.Join.newBuilder().setSessionId(sessionId))
                .build());
    // Refused, the stream ends with an error; accepted, the broker says so.
    CompletableFuture<Object> first =
        CompletableFuture.anyOf(
            events.done().handle((ended, error) -> false),
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return events.next(AgentEvent::hasJoined) != null;
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                  }
                }));
    return (Boolean) first.get(15, TimeUnit.SECONDS);
  }

  List<TimelineEntry> timeline(String sessionId) {
    long ticket =
        sessions.stream()
            .filter(s -> s.opened().getSessionId().equals(sessionId))
            .findFirst()
            .orElseThrow()
            .ticket();
    return flow.fixture.broker().tickets().timeline(ticket);
  }

  String key(Set<ApiScope> scopes) {
    String secret = "pk_" + java.util.UUID.randomUUID().toString().replace("-", "");
    new ApiKeyStore(flow.fixture.broker().database())
        .create(
            "Mesa de ayuda", scopes, Secrets.digest(secret), "operator", time.clock().instant());
    return secret;
  }

  HttpResponse<String> apiResponse(String path, String bearer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + bearer)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonObject api(String path, String bearer) throws Exception {
    HttpResponse<String> response = apiResponse(path, bearer);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  // --- the browser's side ---

  String base() {
    return flow.fixture.httpBase();
  }

  static List<String> rowsOf(String page) {
    Matcher m = Pattern.compile("<tr data-session=\"([^\"]+)\"").matcher(page);
    List<String> rows = new ArrayList<>();
    while (m.find()) {
      rows.add(m.group(1));
    }
    return rows;
  }

  ConsoleClient signedIn(String user) throws Exception {
    return ConsoleClient.signedIn(flow.fixture, user);
  }
}
