package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.AuditEntry;
import puente.broker.auth.Role;
import puente.broker.store.AgentStore;
import puente.broker.store.StaffAudit;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentServiceGrpc;
import puente.v1.ListSessionsRequest;
import puente.v1.LoginRequest;
import puente.v1.Notice;
import puente.v1.RefusalReason;

/**
 * "Personal" over real HTTP against a real broker: a supervisor's changes to staff accounts and API
 * keys take effect as the operator's commands do and land on the audit log with the supervisor as
 * who; nobody else gets in, no form without its CSRF token counts, and a supervisor cannot shut
 * themself out.
 */
class StaffPagesHttpTest {
  static final Pattern SECRET = Pattern.compile("id=\"secret-value\">([^<]+)<");

  SessionFlowTest flow;
  BrokerFixture fixture;
  ConsoleClient sofia;
  String csrf;

  @BeforeEach
  void start() throws Exception {
    flow = new SessionFlowTest();
    flow.start();
    fixture = flow.fixture;
    fixture.addAgent("sofia", "Sofía Méndez", Role.SUPERVISOR);
    fixture.addAgent("beto", "Beto Ruiz", Role.SPECIALIST);
    sofia = ConsoleClient.signedIn(fixture, "sofia");
    csrf = ConsoleClient.csrf(sofia.get("/console/staff").body());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  String base() {
    return fixture.httpBase();
  }

  HttpResponse<String> act(ConsoleClient who, String action, String username, String... more)
      throws Exception {
    String[] fields = new String[4 + more.length];
    fields[0] = "csrf";
    fields[1] = ConsoleClient.csrf(who.get("/console/tickets").body());
    fields[2] = "username";
    fields[3] = username;
    System.arraycopy(more, 0, fields, 4, more.length);
    return who.post("/console/staff/accounts/" + action, fields);
  }

  AgentStore.Account account(String username) {
    return new AgentStore(fixture.broker().database())
        .list().stream()
            .filter(a -> a.agent().username().equals(username))
            .findFirst()
            .orElseThrow();
  }

  List<AuditEntry> audit() {
    return new StaffAudit(fixture.broker().database()).recent(50);
  }

  HttpResponse<String> api(String path, String bearer) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + bearer)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void disablingAnAgentEndsTheirConsoleTheirLiveStreamAndTheirToken() throws Exception {
    AcceptedSession session = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    String anaToken = fixture.login("ana");
    EscalationTest.Staff ana =
        session.attach(
            AgentServiceGrpc.newStub(fixture.channel())
                .withCallCredentials(BrokerFixture.bearer(anaToken)));
    ConsoleClient anaConsole = ConsoleClient.signedIn(fixture, "ana");
    assertThat(anaConsole.get("/console/tickets").statusCode()).isEqualTo(200);

    long started = System.nanoTime();
    HttpResponse<String> done = act(sofia, "disable", "ana");

    assertThat(done.statusCode()).isEqualTo(303);
    String location = done.headers().firstValue("location").orElseThrow();
    assertThat(location).isEqualTo("/console/staff?done=disable&who=ana");
    String page = sofia.get(location).body();
    assertThat(page)
        .contains("Se desactivó la cuenta ana; sus sesiones se cerraron.")
        .contains("<tr data-user=\"ana\" class=\"disabled\">");
    // The agent app's stream is told and ends within 5 s, as after `broker agent disable`.
    AgentEvent notice =
        ana.events().next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.REFUSED);
    assertThat(notice.getNotice().getReason()).isEqualTo(RefusalReason.UNAUTHENTICATED);
    ana.events().done().get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    StaffRevocationTest.assertRefused(
        () ->
            AgentServiceGrpc.newBlockingStub(fixture.channel())
                .withCallCredentials(BrokerFixture.bearer(anaToken))
                .listSessions(ListSessionsRequest.getDefaultInstance()));
    HttpResponse<String> anaAfter = anaConsole.get("/console/tickets");
    assertThat(anaAfter.statusCode()).isEqualTo(303);
    assertThat(anaAfter.headers().firstValue("location")).hasValue("/console/login?m=expired");
    assertThat(audit())
        .filteredOn(e -> e.actor().equals("sofia"))
        .extracting(AuditEntry::action, AuditEntry::target)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("disable", "ana"));
  }

  @Test
  void everyAccountChangeWorksAndIsLoggedWithTheSupervisorAsWho() throws Exception {
    assertThat(act(sofia, "disable", "beto").statusCode()).isEqualTo(303);
    assertThat(account("beto").enabled()).isFalse();
    assertThat(act(sofia, "enable", "beto").statusCode()).isEqualTo(303);
    assertThat(account("beto").enabled()).isTrue();

    HttpResponse<String> role = act(sofia, "role", "beto", "role", "agent");
    assertThat(role.statusCode()).isEqualTo(303);
    assertThat(account("beto").agent().role()).isEqualTo(Role.AGENT);
    assertThat(sofia.get(role.headers().firstValue("location").orElseThrow()).body())
        .contains("Se cambió el perfil de beto; debe iniciar sesión de nuevo.");

    // The broker makes the temporary password; it is shown in this answer only.
    HttpResponse<String> reset = act(sofia, "password", "beto");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(reset.headers().firstValue("cache-control")).hasValue("no-store");
    Matcher shown = SECRET.matcher(reset.body());
    assertThat(shown.find()).isTrue();
    String password = shown.group(1);
    assertThat(password).matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}");
    assertThat(reset.body()).contains("no se volverá a mostrar");
    assertThat(sofia.get("/console/staff").body()).doesNotContain(password);
    StaffRevocationTest.assertRefused(
        () ->
            AgentServiceGrpc.newBlockingStub(fixture.channel())
                .login(
                    LoginRequest.newBuilder()
                        .setUsername("beto")
                        .setPassword(BrokerFixture.PASSWORD)
                        .build()));
    new ConsoleClient(fixture).signIn("beto", password);

    assertThat(act(sofia, "remove", "beto").statusCode()).isEqualTo(303);
    assertThat(account("beto").removedAt()).isNotNull();
    assertThat(sofia.get("/console/staff").body()).doesNotContain("data-user=\"beto\"");

    assertThat(audit())
        .filteredOn(e -> e.target().equals("beto") && e.actor().equals("sofia"))
        .extracting(AuditEntry::actor, AuditEntry::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sofia", "remove"),
            org.assertj.core.groups.Tuple.tuple("sofia", "reset-password"),
            org.assertj.core.groups.Tuple.tuple("sofia", "role"),
            org.assertj.core.groups.Tuple.tuple("sofia", "enable"),
            org.assertj.core.groups.Tuple.tuple("sofia", "disable"));
    // The log is on the page, newest first, in words.
    assertThat(sofia.get("/console/staff").body())
        .contains("<tr data-action=\"remove\" data-actor=\"sofia\">")
        .contains("cuenta eliminada");
  }

  @Test
  void agentsAndSpecialistsAreRefusedThePageAndEveryAction() throws Exception {
    for (String user : List.of("ana", "beto")) {
      ConsoleClient other = ConsoleClient.signedIn(fixture, user);
      assertThat(other.get("/console/tickets").body()).doesNotContain("nav-staff");
      HttpResponse<String> page = other.get("/console/staff");
      assertThat(page.statusCode()).isEqualTo(403);
      assertThat(page.body()).contains("Esta página es solo para supervisores.");
      // With their own valid CSRF token: the role is what refuses them.
      assertThat(act(other, "disable", "sofia").statusCode()).isEqualTo(403);
      assertThat(act(other, "role", user, "role", "supervisor").statusCode()).isEqualTo(403);
      String ownCsrf = ConsoleClient.csrf(other.get("/console/tickets").body());
      assertThat(other.post("/console/staff/keys", "csrf", ownCsrf, "name", "mía").statusCode())
          .isEqualTo(403);
    }
    assertThat(account("sofia").enabled()).isTrue();
    assertThat(account("ana").agent().role()).isEqualTo(Role.AGENT);
    assertThat(audit()).noneMatch(e -> e.action().equals("disable") || e.action().equals("role"));
    assertThat(sofia.get("/console/tickets").body()).contains("id=\"nav-staff\"");
  }

  @Test
  void aPostWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    assertThat(sofia.post("/console/staff/accounts/disable", "username", "ana").statusCode())
        .isEqualTo(403);
    assertThat(
            sofia
                .post("/console/staff/accounts/disable", "csrf", "forged", "username", "ana")
                .statusCode())
        .isEqualTo(403);
    assertThat(sofia.post("/console/staff/keys", "name", "forjada").statusCode()).isEqualTo(403);
    assertThat(account("ana").enabled()).isTrue();
    assertThat(audit()).noneMatch(e -> e.actor().equals("sofia"));
  }

  @Test
  void aSupervisorCannotDisableDemoteResetOrRemoveThemself() throws Exception {
    for (String[] action :
        List.of(
            new String[] {"disable"},
            new String[] {"role", "role", "agent"},
            new String[] {"password"},
            new String[] {"remove"})) {
      String[] more = java.util.Arrays.copyOfRange(action, 1, action.length);
      HttpResponse<String> refused = act(sofia, action[0], "sofia", more);
      assertThat(refused.statusCode()).as(action[0]).isEqualTo(409);
      assertThat(refused.body())
          .contains("data-reason=\"CONFLICT\" data-rule=\"OWN_ACCOUNT\"")
          .contains("No puede cambiar su propia cuenta desde aquí; pídaselo a otro supervisor.");
    }
    HttpResponse<String> english =
        sofia.post("/console/staff/accounts/disable?lang=en", "csrf", csrf, "username", "sofia");
    assertThat(english.body()).contains("You cannot change your own account here");
    assertThat(account("sofia").enabled()).isTrue();
    assertThat(account("sofia").agent().role()).isEqualTo(Role.SUPERVISOR);
    assertThat(audit()).noneMatch(e -> e.actor().equals("sofia"));
    // Still signed in: nothing was revoked.
    assertThat(sofia.get("/console/staff").statusCode()).isEqualTo(200);
  }

  @Test
  void anUnknownUserOrRoleIsAClearRefusal() throws Exception {
    HttpResponse<String> unknown = act(sofia, "disable", "nadie");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body())
        .contains("data-reason=\"INVALID_REQUEST\"")
        .contains("No existe la cuenta nadie.");
    HttpResponse<String> role = act(sofia, "role", "ana", "role", "jefe");
    assertThat(role.statusCode()).isEqualTo(400);
    assertThat(role.body()).contains("Elija un perfil: agente, especialista o supervisor.");
    assertThat(act(sofia, "explode", "ana").statusCode()).isEqualTo(404);
  }

  @Test
  void anApiKeyIssuedHereReadsTicketsIsShownOnceAndStopsWhenRevoked() throws Exception {
    HttpResponse<String> issued =
        sofia.post("/console/staff/keys", "csrf", csrf, "name", "Mesa de ayuda");
    assertThat(issued.body()).contains("<td class=\"last-used\">—</td>");
    assertThat(issued.statusCode()).isEqualTo(200);
    Matcher shown = SECRET.matcher(issued.body());
    assertThat(shown.find()).isTrue();
    String key = shown.group(1);
    assertThat(key).startsWith("pk_");
    assertThat(issued.body()).contains("Cópiela ahora");

    assertThat(api("/api/v1/tickets", key).statusCode()).isEqualTo(200);
    String page = sofia.get("/console/staff").body();
    assertThat(page).doesNotContain(key).contains("Mesa de ayuda").contains("leer casos");
    // Its last use is shown, on the office clock (the broker's clock stands at 10:00).
    assertThat(page).contains("<td class=\"last-used\">24/11/2026 10:00</td>");
    Matcher row = Pattern.compile("<tr data-key=\"(\\d+)\" class=\"active\">").matcher(page);
    assertThat(row.find()).isTrue();

    HttpResponse<String> revoked =
        sofia.post("/console/staff/keys/revoke", "csrf", csrf, "id", row.group(1));
    assertThat(revoked.statusCode()).isEqualTo(303);
    assertThat(sofia.get(revoked.headers().firstValue("location").orElseThrow()).body())
        .contains("Se revocó la clave «Mesa de ayuda»; ya no da acceso.")
        .contains("<tr data-key=\"" + row.group(1) + "\" class=\"revoked\">");
    HttpResponse<String> refused = api("/api/v1/tickets", key);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("\"reason\":\"UNAUTHENTICATED\"");
    assertThat(audit())
        .extracting(AuditEntry::actor, AuditEntry::action)
        .contains(
            org.assertj.core.groups.Tuple.tuple("sofia", "apikey-create"),
            org.assertj.core.groups.Tuple.tuple("sofia", "apikey-revoke"));

    HttpResponse<String> again =
        sofia.post("/console/staff/keys/revoke", "csrf", csrf, "id", row.group(1));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.body()).contains("Esa clave no existe o ya estaba revocada.");
  }

  @Test
  void aKeyNameWithControlCharactersOrNoneIsRefused() throws Exception {
    for (String name : List.of("", "Mesa\u001b[31m", "x".repeat(101))) {
      HttpResponse<String> refused = sofia.post("/console/staff/keys", "csrf", csrf, "name", name);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body())
          .contains("data-reason=\"INVALID_REQUEST\"")
          .doesNotContain("id=\"secret-value\"");
    }
    assertThat(audit()).noneMatch(e -> e.action().equals("apikey-create"));
  }
}
