package puente.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The console's "Rechazos" in headless Chromium, fed by refusals made through the real helper and
 * agent programs: an unknown licence (refused at the helper, no ticket) and an outdated version
 * (refused when the agent opens it, on a ticket). The chart must draw and the table must count
 * them; a reason lists its refused requests; the refused ticket's timeline reads in words.
 */
class RefusalsInBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir static Path dir;
  static Cast cast;
  static Rig rig;

  @BeforeAll
  static void start() throws Exception {
    cast = Cast.start(dir, "throttle.freeFailures=50").accounts("sup").loggedIn("ana");
    rig = cast.rig;
  }

  @AfterAll
  static void stop() throws Exception {
    if (cast != null) {
      cast.stop();
    }
  }

  static Program helper(String licence, String version) throws Exception {
    return rig.helper(
        "--licence",
        licence,
        "--product",
        "contabilidad",
        "--version",
        version,
        "--service",
        "127.0.0.1:" + Rig.freePort());
  }

  /** How many pixels of the chart's canvas have the colour of today's bars (#1f6f8b). */
  static long todayBarPixels(Browser browser) {
    Object n =
        browser.driver.executeScript(
            "const c = document.querySelector('#refusal-chart canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) {"
                + "  if (d[i] === 31 && d[i + 1] === 111 && d[i + 2] === 139) n++;"
                + "}"
                + "return n;");
    return ((Number) n).longValue();
  }

  @Test
  void refusalsMadeThroughTheProgramsAreChartedCountedAndListed() throws Exception {
    // An unknown licence: the helper is refused before any code, and no ticket is opened.
    Program unknown = helper("LIC-NO-EXISTE", "2026.2");
    assertThat(unknown.awaitExit(WAIT)).isEqualTo(3);
    assertThat(unknown.output()).contains("No encontramos la clave de licencia LIC-NO-EXISTE");

    // An outdated version (P22): the agent's open is refused, on the case's ticket.
    Program outdated = helper("LIC-0001", "2026.1");
    String code = outdated.awaitLine("(\\d{3} \\d{3} \\d{3})", WAIT).group(1);
    Program ana = rig.agent("ana", "open", code, "--forward", "127.0.0.1:0");
    assertThat(ana.awaitExit(WAIT)).isEqualTo(3);
    assertThat(outdated.awaitExit(WAIT)).isEqualTo(3);

    try (Browser browser = Browser.supervisor(rig, "sup")) {
      browser.find("#nav-refusals").click();
      browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/refusals"));
      browser
          .waiting(WAIT)
          .until(ExpectedConditions.attributeToBe(By.id("refusal-chart"), "data-drawn", "true"));

      browser.screenshot("refusals-01-chart");
      assertThat(browser.find("h1").getText()).isEqualTo("Rechazos");
      assertThat(browser.find("tr[data-reason='LICENCE_UNKNOWN']").getText())
          .isEqualTo("Licencia desconocida 1 1");
      assertThat(browser.find("tr[data-reason='VERSION_OUTDATED']").getText())
          .isEqualTo("Versión desactualizada 1 1");
      assertThat(browser.find("#total-today").getText()).isEqualTo("2");
      assertThat(browser.find("#refusals-span").getText()).contains("hora de la Ciudad de México");
      // The chart drew two bars for today, in today's colour, with a legend for both spans.
      assertThat(todayBarPixels(browser)).isGreaterThan(200);
      assertThat(browser.find("#refusal-chart .u-legend").getText())
          .contains("Hoy")
          .contains("Esta semana");

      browser.find("tr[data-reason='LICENCE_UNKNOWN'] a.reason-link").click();
      browser
          .waiting(WAIT)
          .until(ExpectedConditions.presenceOfElementLocated(By.id("refused-requests")));
      assertThat(browser.find("#refusal-reason").getText()).isEqualTo("Licencia desconocida");
      String unknownRow = browser.find("#refused-requests tbody tr").getText();
      assertThat(unknownRow)
          .contains("al pedir un código")
          .contains("LIC-NO-EXISTE")
          .contains("sin caso")
          .contains("No encontramos la clave de licencia LIC-NO-EXISTE");
      assertThat(browser.find("#refused-requests thead").getText())
          .contains("Cuándo (hora de la Ciudad de México)");
      browser.screenshot("refusals-02-list");

      browser.go("/console/refusals/VERSION_OUTDATED?span=today");
      String outdatedRow = browser.find("#refused-requests tbody tr").getText();
      assertThat(outdatedRow)
          .contains("al abrir la sesión")
          .contains("Contadores Rivera SC")
          .contains("contabilidad 2026.1")
          .contains("la vigente es la 2026.2");
      browser.find("#refused-requests tbody tr a[href^='/console/tickets/']").click();
      browser.waiting(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
      String timeline = browser.find("#timeline").getText();
      assertThat(timeline)
          .contains("Se abrió el caso desde contabilidad 2026.1 en el equipo")
          .contains("No se abrió la sesión: versión desactualizada (P22).")
          .contains("Terminó la sesión: la política de soporte no permitió abrirla")
          .doesNotContain("VERSION_OUTDATED")
          .doesNotContain("bytes_to_agent");
      assertThat(browser.find("#timeline thead").getText())
          .contains("Cuándo (hora de la Ciudad de México)");
      browser.screenshot("ticket-timeline-words");
    }
  }
}
