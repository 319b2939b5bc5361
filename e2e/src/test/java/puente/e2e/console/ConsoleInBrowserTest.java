package puente.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import puente.e2e.Cast;
import puente.e2e.Program;
import puente.e2e.Rig;

/**
 * Issue 14's web console in Debian's headless Chromium, against a real broker with sessions opened
 * by the real helper and agent app. Screenshots of each page are kept in {@code
 * e2e/target/console/}.
 */
class ConsoleInBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir static Path dir;
  static Cast cast;

  @BeforeAll
  static void start() throws Exception {
    cast = Cast.start(dir, "throttle.freeFailures=50").accounts("sup").loggedIn("ana");
  }

  @AfterAll
  static void stop() throws Exception {
    if (cast != null) {
      cast.stop();
    }
  }

  static String base() {
    return cast.rig.httpBase();
  }

  @Test
  void aSupervisorSignsInInSpanishSwitchesToEnglishAndSignsOut() throws Exception {
    try (Browser browser = Browser.open(base())) {
      browser.go("/console");
      assertThat(browser.driver.getCurrentUrl()).endsWith("/console/login");
      browser.screenshot("01-sign-in");
      browser.find("#username").sendKeys("sup");
      browser.find("#password").sendKeys(Rig.PASSWORD);
      browser.find("#sign-in").click();

      browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/live"));
      assertThat(browser.find("h1").getText()).isEqualTo("En vivo");
      assertThat(browser.find("#signed-in").getText()).contains("Supervisora Díaz");

      browser.find("#lang-switch").click();
      browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.cssSelector("h1"), "Live now"));
      browser.find("#lang-switch").click();
      browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.cssSelector("h1"), "En vivo"));

      browser.find("#sign-out").click();
      browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/login"));
      assertThat(browser.find("#login-message").getText()).isEqualTo("Cerró la sesión.");
      browser.go("/console/live");
      assertThat(browser.driver.getCurrentUrl()).contains("/console/login");
    }
  }

  @Test
  void aSessionOpenedByTheProgramsAppearsInLiveAndLeavesWhenItEnds() throws Exception {
    try (Browser browser = Browser.supervisor(cast.rig, "sup")) {
      assertThat(browser.find("#count-sessions").getText()).isEqualTo("0");

      Cast.Opened opened = cast.open();
      Program ana = opened.ana();
      long seen = System.nanoTime();
      String row = "tr[data-session='" + opened.sessionId() + "']";
      // Pushed by the server: the page is never reloaded here.
      browser
          .waiting(WAIT)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(row), "Ana López"));
      long pushedMillis = (System.nanoTime() - seen) / 1_000_000;
      String text = browser.find(row).getText();
      assertThat(text)
          .contains("Contadores Rivera SC")
          .contains("LIC-0001")
          .contains("contabilidad 2026.2")
          .contains("Ana López (agente) túnel")
          .contains("#" + opened.ticketId());
      assertThat(browser.find("#count-sessions").getText()).isEqualTo("1");
      assertThat(browser.find("#count-staff").getText()).isEqualTo("1");
      browser.screenshot("02-live-one-session");
      Files.writeString(
          Browser.SHOTS.resolve("live-push.txt"),
          "session seen in the page " + pushedMillis + " ms after the agent app printed it\n");

      ana.type("q");
      ana.awaitExit(WAIT);
      long ended = System.nanoTime();
      browser
          .waiting(WAIT)
          .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(row)));
      long goneMillis = (System.nanoTime() - ended) / 1_000_000;
      Files.writeString(
          Browser.SHOTS.resolve("live-push.txt"),
          "session gone from the page " + goneMillis + " ms after the agent app exited\n",
          java.nio.file.StandardOpenOption.APPEND);
      assertThat(browser.find("#count-sessions").getText()).isEqualTo("0");
      browser.screenshot("03-live-empty");

      // The ticket page, reached from the list, tells the session's story in words.
      browser.go("/console/tickets");
      browser.screenshot("04-tickets");
      browser.find("tr[data-ticket='" + opened.ticketId() + "'] a").click();
      browser.waiting(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
      String timeline = browser.find("#timeline").getText();
      assertThat(timeline)
          .contains("caso abierto")
          .contains("el cliente dio permiso")
          .contains("sesión iniciada")
          .contains("sesión terminada");
      assertThat(browser.find("#clock-ack").getText()).startsWith("enviado");
      assertThat(browser.find("#ticket-state").getText()).isEqualTo("en atención");
      browser.screenshot("05-ticket");
    }
  }

  @Test
  void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
    try (Browser browser = Browser.supervisor(cast.rig, "sup")) {
      // A forged sign-out: the same form without its token.
      browser.driver.executeScript(
          "const f = document.querySelector('form[action=\"/console/logout\"]');"
              + "f.querySelector('input[name=csrf]').remove(); f.submit();");
      browser.waiting(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("message")));
      assertThat(browser.find("#message").getText())
          .isEqualTo("El formulario caducó. Vuelva a intentarlo.");
      browser.screenshot("06-forged-post-refused");
      browser.go("/console/live");
      assertThat(browser.find("h1").getText()).isEqualTo("En vivo");
    }
  }

  @Test
  void anEventStreamFromAnotherOriginIsRefused() throws Exception {
    // Another site: a page on localhost (not 127.0.0.1) that opens the console's event stream.
    HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String target = base() + "/console/live/events";
    byte[] page =
        ("<!DOCTYPE html><title>other</title><script>"
                + "const s = new EventSource('"
                + target
                + "', {withCredentials: true});"
                + "s.onopen = () => document.title = 'opened';"
                + "s.onerror = () => { document.title = 'refused'; s.close(); };"
                + "</script>")
            .getBytes(StandardCharsets.UTF_8);
    other.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("content-type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    other.start();
    try (Browser browser = Browser.supervisor(cast.rig, "sup")) {
      String cookie = browser.driver.manage().getCookieNamed("puente_console").getValue();
      browser.go("http://localhost:" + other.getAddress().getPort() + "/");
      browser.waiting(WAIT).until(ExpectedConditions.titleIs("refused"));

      // Even with the supervisor's own cookie, a request that says it comes from elsewhere is
      // refused: the Origin check does not rest on the cookie's SameSite alone.
      HttpResponse<Void> forged =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(target))
                      .header("Cookie", "puente_console=" + cookie)
                      .header("Origin", "http://localhost:" + other.getAddress().getPort())
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      assertThat(forged.statusCode()).isEqualTo(403);
    } finally {
      other.stop(0);
    }
  }
}
