package puente.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import puente.client.testing.EchoService;
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
  Rig rig;
  EchoService echo;

  @BeforeEach
  void start() throws Exception {
    rig = Rig.start(dir, Program.alwaysOpenPolicy(), "throttle.freeFailures=50");
    echo = new EchoService();
    rig.addLicence("LIC-0001", "Contadores Rivera SC");
    rig.addStaff("ana", "Ana López", "agent");
    rig.addStaff("sofia", "Sofía Méndez", "specialist");
    rig.addStaff("rafa", "Rafael Cruz", "specialist");
    rig.addStaff("sup", "Supervisora Díaz", "supervisor");
    for (String user : new String[] {"ana", "sofia", "rafa"}) {
      rig.login(user);
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (echo != null) {
      echo.close();
    }
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void anEscalationAppearsLiveAndTheSupervisorsAssignmentReachesTheSpecialist() throws Exception {
    try (Browser browser = Browser.open("http://127.0.0.1:" + rig.httpPort())) {
      browser.signIn("sup", Rig.PASSWORD);
      browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/live"));
      browser.find("#nav-queue").click();
      browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/queue"));
      assertThat(browser.find("h1").getText()).isEqualTo("Cola de especialistas");
      assertThat(browser.find("#queue-empty").getText())
          .isEqualTo("No hay escalamientos en espera.");

      // The customer's helper and Ana's agent app open a session; Ana escalates it.
      Program helper =
          rig.helper(
              "--licence",
              "LIC-0001",
              "--product",
              "contabilidad",
              "--version",
              "2026.2",
              "--service",
              echo.endpoint().toString());
      String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", WAIT).group(1);
      Program ana = rig.agent("ana", "open", code, "--forward", "127.0.0.1:0");
      helper.awaitLine("¿Lo permite\\?", WAIT);
      helper.type("s");
      Matcher opened = ana.awaitLine("Sesión ([0-9a-f-]{36}), ticket (\\d+)\\.", WAIT);
      String session = opened.group(1);
      String ticket = opened.group(2);
      ana.awaitLine("Túnel listo", WAIT);
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
