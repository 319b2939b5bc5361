package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.store.AgentStore;
import puente.v1.MachineIdentity;
import puente.v1.RegisterRequest;

/** The web console over real HTTP: sign-in, its cookie, CSRF, headers, origin, escaping. */
class ConsoleHttpTest {
  BrokerFixture fixture;
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws Exception {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN, "throttle.baseDelay=PT1M");
    fixture.addAgent("sofia", "Sofía Méndez", Role.SUPERVISOR);
    fixture.addAgent("ana", "Ana López", Role.AGENT);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  /** A browser's cookie jar, reduced to what the console sets. */
  final class Browser {
    final Map<String, String> cookies = new LinkedHashMap<>();
    final List<String> setCookies = new java.util.ArrayList<>();

    HttpResponse<String> get(String path, String... headers) throws Exception {
      return send(request(path, headers).GET().build());
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
      String body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      return send(
          request(path, "content-type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build());
    }

    HttpRequest.Builder request(String path, String... headers) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
      if (headers.length > 0) {
        request.headers(headers);
      }
      if (!cookies.isEmpty()) {
        request.header(
            "Cookie",
            cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; ")));
      }
      return request;
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      for (String header : response.headers().allValues("set-cookie")) {
        setCookies.add(header);
        String pair = header.split(";", 2)[0];
        String name = pair.substring(0, pair.indexOf('='));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (value.isEmpty() || header.contains("Max-Age=0")) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      return response;
    }

    HttpResponse<String> signIn(String user, String password) throws Exception {
      String form = get("/console/login").body();
      return post(
          "/console/login", Map.of("csrf", csrf(form), "username", user, "password", password));
    }
  }

  String base() {
    return "http://127.0.0.1:" + fixture.broker().httpPort();
  }

  static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a csrf field in the page").isTrue();
    return m.group(1);
  }

  @Test
  void signsInWithAStaffAccountIntoAnHttpOnlyStrictCookieAndSignsOutForGood() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> signedIn = browser.signIn("sofia", BrokerFixture.PASSWORD);

    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.headers().firstValue("location")).hasValue("/console/live");
    String cookie =
        browser.setCookies.stream()
            .filter(c -> c.startsWith("puente_console="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/console");
    HttpResponse<String> live = browser.get("/console/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.body()).contains("En vivo").contains("Sofía Méndez");

    String token = browser.cookies.get("puente_console");
    HttpResponse<String> out = browser.post("/console/logout", Map.of("csrf", csrf(live.body())));
    assertThat(out.headers().firstValue("location")).hasValue("/console/login?m=out");
    assertThat(browser.cookies).doesNotContainKey("puente_console");
    // The token is revoked at the broker, not only forgotten by the browser.
    browser.cookies.put("puente_console", token);
    assertThat(browser.get("/console/live").headers().firstValue("location"))
        .hasValue("/console/login?m=expired");
  }

  @Test
  void everyConsolePageCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<String> page = new Browser().get("/console/login");
    assertThat(page.headers().firstValue("content-security-policy").orElseThrow())
        .contains("default-src 'self'")
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
    assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
  }

  @Test
  void wrongPasswordsAreThrottledByTheSameLoginThrottleAsTheAgentApp() throws Exception {
    Browser browser = new Browser();
    // throttle.freeFailures (3) fail freely; the next failure starts the waits.
    for (int i = 0; i < 4; i++) {
      assertThat(browser.signIn("sofia", "wrong").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> held = browser.signIn("sofia", "wrong");
    assertThat(held.statusCode()).isEqualTo(429);
    assertThat(held.body()).contains("Demasiados intentos");
    // Even the right password waits from this address (per user and address).
    assertThat(browser.signIn("sofia", BrokerFixture.PASSWORD).statusCode()).isEqualTo(429);
  }

  @Test
  void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    Browser browser = new Browser();
    browser.signIn("sofia", BrokerFixture.PASSWORD);

    HttpResponse<String> forged = browser.post("/console/logout", Map.of());
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> wrong = browser.post("/console/logout", Map.of("csrf", "x"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(browser.get("/console/live").statusCode()).isEqualTo(200);
  }

  @Test
  void aSignInFormPostedFromElsewhereIsRefused() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> forged =
        browser.post(
            "/console/login",
            Map.of("csrf", "made-up", "username", "sofia", "password", BrokerFixture.PASSWORD));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(browser.cookies).doesNotContainKey("puente_console");
  }

  @Test
  void aDisabledMemberOfStaffLosesTheConsoleOnTheNextRequest() throws Exception {
    Browser browser = new Browser();
    browser.signIn("sofia", BrokerFixture.PASSWORD);
    assertThat(browser.get("/console/tickets").statusCode()).isEqualTo(200);

    new AgentStore(fixture.broker().database())
        .setEnabled("sofia", false, "operator", fixture.broker().now());

    HttpResponse<String> after = browser.get("/console/tickets");
    assertThat(after.statusCode()).isEqualTo(303);
    assertThat(after.headers().firstValue("location")).hasValue("/console/login?m=expired");
  }

  @Test
  void theLiveEventStreamRefusesAnotherOriginAndServesItsOwn() throws Exception {
    Browser browser = new Browser();
    browser.signIn("sofia", BrokerFixture.PASSWORD);

    assertThat(
            browser
                .get(
                    "/console/live/events",
                    "Origin",
                    "http://evil.example",
                    "Accept",
                    "text/event-stream")
                .statusCode())
        .isEqualTo(403);
    assertThat(browser.get("/console/live/events", "Sec-Fetch-Site", "cross-site").statusCode())
        .isEqualTo(403);

    HttpResponse<InputStream> own =
        http.send(
            browser.request("/console/live/events", "Origin", base()).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.headers().firstValue("content-type").orElseThrow())
        .startsWith("text/event-stream");
    try (InputStream in = own.body()) {
      byte[] first = new byte[64];
      int n = in.read(first);
      assertThat(new String(first, 0, n, StandardCharsets.UTF_8)).startsWith("event: live");
    }
  }

  @Test
  void theLivePageIsForSupervisorsOnly() throws Exception {
    Browser browser = new Browser();
    HttpResponse<String> signedIn = browser.signIn("ana", BrokerFixture.PASSWORD);
    assertThat(signedIn.headers().firstValue("location")).hasValue("/console/tickets");
    assertThat(browser.get("/console/live").statusCode()).isEqualTo(403);
    assertThat(browser.get("/console/live/events").statusCode()).isEqualTo(403);
  }

  @Test
  void customerWrittenTextIsEscapedOnTheTicketPage() throws Exception {
    String hostile = "PC<script>alert(1)</script>";
    long id =
        Long.parseLong(
            fixture
                .helper()
                .register(
                    RegisterRequest.newBuilder()
                        .setLicenceKey(BrokerFixture.LICENCE)
                        .setProduct("contabilidad")
                        .setInstalledVersion("2026.2")
                        .setMachine(
                            MachineIdentity.newBuilder().setMachineId("m-1").setHostname(hostile))
                        .build())
                .getTicketId());
    Browser browser = new Browser();
    browser.signIn("ana", BrokerFixture.PASSWORD);

    String page = browser.get("/console/tickets/" + id).body();
    assertThat(page).doesNotContain("<script>alert(1)").contains("PC&lt;script&gt;alert(1)");
    assertThat(page).contains("caso abierto").contains("nuevo");
  }

  @Test
  void ticketsAreFilteredByCustomerAndStateAndShownInEnglishOnRequest() throws Exception {
    long id =
        Long.parseLong(
            fixture
                .helper()
                .register(
                    RegisterRequest.newBuilder()
                        .setLicenceKey(BrokerFixture.LICENCE)
                        .setProduct("contabilidad")
                        .setInstalledVersion("2026.2")
                        .setMachine(
                            MachineIdentity.newBuilder().setMachineId("m-2").setHostname("PC-2"))
                        .build())
                .getTicketId());
    Browser browser = new Browser();
    browser.signIn("ana", BrokerFixture.PASSWORD);

    assertThat(browser.get("/console/tickets?customer=rivera&state=NEW").body())
        .contains("data-ticket=\"" + id + "\"");
    assertThat(browser.get("/console/tickets?customer=nadie").body())
        .doesNotContain("data-ticket=")
        .contains("No hay casos");
    assertThat(browser.get("/console/tickets?state=CLOSED").body()).doesNotContain("data-ticket=");
    assertThat(browser.get("/console/tickets?state=BOGUS").statusCode()).isEqualTo(400);
    String english = browser.get("/console/tickets?lang=en").body();
    assertThat(english).contains("Tickets").contains(">new<");
    // The choice is remembered.
    assertThat(browser.get("/console/tickets/" + id).body()).contains("ticket opened");
  }

  @Test
  void anOpenLivePageIsToldWhenItsSupervisorIsDisabledAndItsStreamEnds() throws Exception {
    Browser browser = new Browser();
    browser.signIn("sofia", BrokerFixture.PASSWORD);
    HttpResponse<java.util.stream.Stream<String>> stream =
        http.send(
            browser.request("/console/live/events").GET().build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    java.util.concurrent.CompletableFuture<List<String>> lines =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> stream.body().toList()); // ends when the broker ends the stream

    new AgentStore(fixture.broker().database())
        .setEnabled("sofia", false, "operator", fixture.broker().now());

    List<String> received = lines.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(received).contains("event: signed-out");
    assertThat(String.join("\n", received)).contains("Su sesión terminó o su acceso fue retirado");
  }
}
