package puente.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import puente.e2e.Cast;
import puente.e2e.Program;
import puente.e2e.Rig;

/**
 * The console's "Cola" page in Debian's headless Chromium (issue 14): the real helper and agent app
 * open a session, the agent escalates it through the app, the page shows it without a reload; the
 * supervisor names a specialist in the page, and that specialist's agent app sees it offered to
 * them and joins. Screenshots are kept in {@code e2e/target/console/}.
 */
class QueueInBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;
  Cast cast;
  Rig rig;

  @BeforeEach
  void start() throws Exception {
    cast =
        Cast.start(dir, "throttle.freeFailures=50")
            .accounts("sup")
            .loggedIn("ana", "sofia", "rafa");
    rig = cast.rig;
  }

  @AfterEach
  void stop() throws Exception {
    if (cast != null) {
      cast.stop();
    }
  }

  @Test
  void anEscalationAppearsLiveAndTheSupervisorsAssignmentReachesTheSpecialist() throws Exception {
    try (Browser browser = Browser.supervisor(rig, "sup")) {
      browser.find("#nav-queue").click();
      browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/queue"));
      assertThat(browser.find("h1").getText()).isEqualTo("Cola de especialistas");
      assertThat(browser.find("#queue-empty").getText())
          .isEqualTo("No hay escalamientos en espera.");

      // The customer's helper and Ana's agent app open a session; Ana escalates it.
      Cast.Opened opened = cast.open();
      Program helper = opened.helper();
      Program ana = opened.ana();
      String session = opened.sessionId();
      long ticket = opened.ticketId();
      ana.type("escalate - No abre la base de datos después de actualizar");
      ana.awaitLine("Sesión " + session + " escalada a la cola de especialistas", WAIT);
      long escalated = System.nanoTime();

      // Pushed by the server: this page is not reloaded.
      String row = "tr[data-session='" + session + "']";
      browser.waiting(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row)));
      long pushedMillis = (System.nanoTime() - escalated) / 1_000_000;
      Files.createDirectories(Browser.SHOTS);
      Files.writeString(
          Browser.SHOTS.resolve("queue-push.txt"),
          "escalation seen in the queue page " + pushedMillis + " ms after the agent app\n");
      assertThat(pushedMillis)
          .as("ms from the agent app's escalation to the page")
          .isLessThan(1000);
      assertThat(text(browser, row))
          .contains("Contadores Rivera SC")
          .contains("LIC-0001")
          .contains("contabilidad 2026.2")
          .contains("ana")
          .contains("No abre la base de datos después de actualizar")
          .contains("toda la cola")
          .contains("#" + ticket);
      assertThat(text(browser, "#count-waiting")).isEqualTo("1");
      assertThat(browser.find(row + " a[href='/console/tickets/" + ticket + "']").isDisplayed())
          .isTrue();
      browser.screenshot("queue-01-waiting");

      // Sofía's agent app sees it in the whole queue.
      Program sofiasQueue = rig.agent("sofia", "queue");
      assertThat(sofiasQueue.awaitExit(WAIT)).isZero();
      assertThat(sofiasQueue.output()).contains("Escaló: ana · para: la cola");

      // The live page counts the same escalation.
      browser.go("/console/live");
      assertThat(text(browser, "#count-escalations")).isEqualTo("1");
      browser.go("/console/queue");

      // The supervisor names Rafael in the page.
      new Select(browser.find(row + " select[name=specialist]")).selectByValue("rafa");
      browser.find(row + " button[type=submit]").click();
      browser.waiting(WAIT).until(ExpectedConditions.urlContains("assigned="));
      assertThat(text(browser, "#queue-notice"))
          .isEqualTo("Listo: el escalamiento de Contadores Rivera SC quedó asignado a rafa.");
      assertThat(text(browser, row + " td.offered-to")).contains("rafa").contains("asignó sup");
      browser.screenshot("queue-02-assigned");

      // Rafael's agent app shows it offered to him; Sofía no longer sees it.
      Program rafasQueue = rig.agent("rafa", "queue");
      assertThat(rafasQueue.awaitExit(WAIT)).isZero();
      assertThat(rafasQueue.output())
          .contains("Escalamientos en espera (1)")
          .contains("Contadores Rivera SC")
          .contains("Escaló: ana · para: rafa")
          .contains("puente-agent join " + session);
      Program sofiaAgain = rig.agent("sofia", "queue");
      assertThat(sofiaAgain.awaitExit(WAIT)).isZero();
      assertThat(sofiaAgain.output()).contains("No hay escalamientos en espera.");

      // Rafael joins; the customer sees him; the escalation leaves the page by itself.
      Program rafa = rig.agent("rafa", "join", session, "--watch");
      rafa.awaitLine("Unido a la sesión .* mirando", WAIT);
      helper.awaitLine("Rafael Cruz \\(especialista\\) se unió a la sesión", WAIT);
      browser
          .waiting(WAIT)
          .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(row)));
      assertThat(text(browser, "#count-waiting")).isEqualTo("0");
      browser.screenshot("queue-03-taken");

      // The ticket's timeline says who assigned it and when.
      browser.go("/console/tickets/" + ticket);
      browser.waiting(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
      assertThat(browser.find("#timeline").getText())
          .containsPattern("\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d sup escalado a especialista")
          .contains("Se asignó al especialista rafa; estaba en la cola (P15).")
          .containsPattern("rafa entró a la sesión");
      browser.driver.executeScript(
          "const rows = document.querySelectorAll('#timeline tr[data-kind=ESCALATED]');"
              + "rows[rows.length - 1].scrollIntoView({block: 'center'});");
      browser.screenshot("queue-04-ticket");

      rafa.type("q");
      assertThat(rafa.awaitExit(WAIT)).isZero();
      helper.awaitExit(WAIT);
    }
  }

  /** The text of an element in a part of the page the server may replace at any moment. */
  static String text(Browser browser, String css) {
    return browser
        .waiting(WAIT)
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.cssSelector(css)).getText());
  }
}
