package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.store.AgentStore;

/** The web console over real HTTP: sign-in, its cookie, CSRF, headers, origin, escaping. */
class ConsoleHttpTest {
  BrokerFixture fixture;

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

  @Test
  void signsInWithAStaffAccountIntoAnHttpOnlyStrictCookieAndSignsOutForGood() throws Exception {
    ConsoleClient browser = new ConsoleClient(fixture);
    HttpResponse<String> signedIn = browser.submitSignIn("sofia", BrokerFixture.PASSWORD);

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
    HttpResponse<String> out =
        browser.post("/console/logout", "csrf", ConsoleClient.csrf(live.body()));
    assertThat(out.headers().firstValue("location")).hasValue("/console/login?m=out");
    assertThat(browser.cookies).doesNotContainKey("puente_console");
    // The token is revoked at the broker, not only forgotten by the browser.
    browser.cookies.put("puente_console", token);
    assertThat(browser.get("/console/live").headers().firstValue("location"))
        .hasValue("/console/login?m=expired");
  }

  @Test
  void everyConsolePageCarriesTheSecurityHeaders() throws Exception {
    HttpResponse<String> page = new ConsoleClient(fixture).get("/console/login");
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
    ConsoleClient browser = new ConsoleClient(fixture);
    // throttle.freeFailures (3) fail freely; the next failure starts the waits.
    for (int i = 0; i < 4; i++) {
      assertThat(browser.submitSignIn("sofia", "wrong").statusCode()).isEqualTo(401);
    }
    HttpResponse<String> held = browser.submitSignIn("sofia", "wrong");
    assertThat(held.statusCode()).isEqualTo(429);
    assertThat(held.body()).contains("Demasiados intentos");
    // Even the right password waits from this address (per user and address).
    assertThat(browser.submitSignIn("sofia", BrokerFixture.PASSWORD).statusCode()).isEqualTo(429);
  }

  @Test
  void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    ConsoleClient browser = ConsoleClient.signedIn(fixture, "sofia");

    HttpResponse<String> forged = browser.post("/console/logout");
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> wrong = browser.post("/console/logout", "csrf", "x");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(browser.get("/console/live").statusCode()).isEqualTo(200);
  }

  @Test
  void aSignInFormPostedFromElsewhereIsRefused() throws Exception {
    ConsoleClient browser = new ConsoleClient(fixture);
    HttpResponse<String> forged =
        browser.post(
            "/console/login",
            "csrf",
            "made-up",
            "username",
            "sofia",
            "password",
            BrokerFixture.PASSWORD);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(browser.cookies).doesNotContainKey("puente_console");
  }

  @Test
  void aDisabledMemberOfStaffLosesTheConsoleOnTheNextRequest() throws Exception {
    ConsoleClient browser = ConsoleClient.signedIn(fixture, "sofia");
    assertThat(browser.get("/console/tickets").statusCode()).isEqualTo(200);

    new AgentStore(fixture.broker().database())
        .setEnabled("sofia", false, "operator", fixture.broker().now());

    HttpResponse<String> after = browser.get("/console/tickets");
    assertThat(after.statusCode()).isEqualTo(303);
    assertThat(after.headers().firstValue("location")).hasValue("/console/login?m=expired");
  }

  @Test
  void theLiveEventStreamRefusesAnotherOriginAndServesItsOwn() throws Exception {
    ConsoleClient browser = ConsoleClient.signedIn(fixture, "sofia");

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
        browser.stream("/console/live/events", "Origin", browser.base());
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
  void aLivePageThatAlreadyShowsTheBoardIsNotSentItAgainOnlyWhatChanges() throws Exception {
    ConsoleClient browser = ConsoleClient.signedIn(fixture, "sofia");
    String page = browser.get("/console/live").body();
    java.util.regex.Matcher mark =
        java.util.regex.Pattern.compile("/console/live/events\\?shown=([0-9a-f]+)").matcher(page);
    assertThat(mark.find()).as("the page names what it shows").isTrue();

    HttpResponse<InputStream> stream =
        browser.stream("/console/live/events?shown=" + mark.group(1), "Origin", browser.base());
    assertThat(stream.statusCode()).isEqualTo(200);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      // Time for a re-send to be written first, if there were one.
      Thread.sleep(500);
      long ticket = fixture.ticketFor("m-9", "PC-NUEVA");
      StringBuilder first = new StringBuilder();
      for (String line = in.readLine();
          line != null && !(line.isEmpty() && first.length() > 0);
          line = in.readLine()) {
        if (!line.startsWith(":")) {
          // A comment (the keep-alive) is not an event.
          first.append(line).append('\n');
        }
      }
      assertThat(first.toString().strip())
          .as("the first event is the change, not the board the page already shows")
          .startsWith("event: live")
          .contains("/console/tickets/" + ticket);
    }
  }

  @Test
  void theLivePageIsForSupervisorsOnly() throws Exception {
    ConsoleClient browser = new ConsoleClient(fixture);
    HttpResponse<String> signedIn = browser.submitSignIn("ana", BrokerFixture.PASSWORD);
    assertThat(signedIn.headers().firstValue("location")).hasValue("/console/tickets");
    assertThat(browser.get("/console/live").statusCode()).isEqualTo(403);
    assertThat(browser.get("/console/live/events").statusCode()).isEqualTo(403);
  }

  @Test
  void customerWrittenTextIsEscapedOnTheTicketPage() throws Exception {
    String hostile = "PC<script>alert(1)</script>";
    long id = fixture.ticketFor("m-1", hostile);
    ConsoleClient browser = ConsoleClient.signedIn(fixture, "ana");

    String page = browser.get("/console/tickets/" + id).body();
    assertThat(page).doesNotContain("<script>alert(1)").contains("PC&lt;script&gt;alert(1)");
    assertThat(page).contains("caso abierto").contains("nuevo");
  }

  @Test
  void ticketsAreFilteredByCustomerAndStateAndShownInEnglishOnRequest() throws Exception {
    long id = fixture.ticketFor("m-2", "PC-2");
    ConsoleClient browser = ConsoleClient.signedIn(fixture, "ana");

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
    ConsoleClient browser = ConsoleClient.signedIn(fixture, "sofia");
    HttpResponse<InputStream> stream = browser.stream("/console/live/events");
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    // Ends when the broker ends the stream.
    CompletableFuture<List<String>> lines =
        CompletableFuture.supplyAsync(() -> reader.lines().toList());

    new AgentStore(fixture.broker().database())
        .setEnabled("sofia", false, "operator", fixture.broker().now());

    List<String> received = lines.get(30, TimeUnit.SECONDS);
    assertThat(received).contains("event: signed-out");
    assertThat(String.join("\n", received)).contains("Su sesión terminó o su acceso fue retirado");
  }
}
