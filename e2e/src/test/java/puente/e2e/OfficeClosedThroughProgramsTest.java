package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 3 through the real helper and agent app: an operator closes the office in the running
 * broker's policy file; the next session is refused (P12), the helper says in Spanish when support
 * opens next, nothing is relayed, and the ticket holds the refusal. The edited policy keeps the
 * office open around the clock except yesterday, today and tomorrow (rest days), so "closed now"
 * and the next opening are known whatever the hour of the run.
 */
@ExtendWith(SharedRig.class)
class OfficeClosedThroughProgramsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ZoneId MEXICO_CITY = ZoneId.of("America/Mexico_City");

  private final Rig rig;

  OfficeClosedThroughProgramsTest(Rig rig) {
    this.rig = rig;
  }

  @Test
  void officeClosedByAPolicyReloadRefusesTheNextSessionAndSaysWhenSupportOpens() throws Exception {
    Path policy = rig.policyFile();
    String alwaysOpen = Files.readString(policy);
    LocalDate today = LocalDate.now(MEXICO_CITY);
    double refusedBefore = rig.refusals("OFFICE_CLOSED");
    double relayedBefore = rig.relayedBytes();
    reload(
        policy,
        alwaysOpen.replace(
            "extra: []",
            "extra: [" + today.minusDays(1) + ", " + today + ", " + today.plusDays(1) + "]"));
    try {
      Program helper =
          rig.helper(
              "--licence",
              "LIC-OFICINA-CERRADA",
              "--product",
              "contabilidad",
              "--version",
              "2026.2",
              "--service",
              "127.0.0.1:" + Rig.freePort());
      String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", TIMEOUT).group(1);
      Program agent = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");

      String opening =
          DateTimeFormatter.ofPattern(
                  "EEEE d 'de' MMMM 'a las' HH:mm", Locale.forLanguageTag("es-MX"))
              .format(today.plusDays(2).atStartOfDay(MEXICO_CITY));
      String message =
          "En este momento estamos fuera del horario de atención. Con gusto le"
              + " atendemos a partir del "
              + opening
              + " (hora de la Ciudad de México).";
      assertThat(agent.awaitExit(TIMEOUT)).isEqualTo(3);
      assertThat(agent.output()).contains(message).contains("Motivo: OFFICE_CLOSED");
      assertThat(helper.awaitExit(TIMEOUT)).isEqualTo(3);
      assertThat(helper.output())
          .contains("No se pudo iniciar la sesión.")
          .contains(message)
          .doesNotContain("OFFICE_CLOSED")
          .doesNotContain("La sesión terminó")
          .doesNotContain("¿Lo permite?");
    } finally {
      reload(policy, alwaysOpen);
    }
    assertThat(rig.refusals("OFFICE_CLOSED")).isEqualTo(refusedBefore + 1);
    assertThat(rig.relayedBytes()).isEqualTo(relayedBefore);

    TicketLog log = new TicketLog(rig);
    TicketLog.Session session = log.onlySessionOf("LIC-OFICINA-CERRADA");
    assertThat(session.state()).isEqualTo("REFUSED");
    assertThat(session.refusalReason()).isEqualTo("OFFICE_CLOSED");
    assertThat(log.timeline(session.ticketId()))
        .extracting(TicketLog.Event::toString)
        .containsExactly(
            "TICKET_OPENED by customer: contabilidad 2026.2 @ "
                + PolicyRefusalsThroughProgramsTest.hostname(),
            "REFUSED by ana: OFFICE_CLOSED(P12)",
            "SESSION_ENDED by ana: REFUSED OFFICE_CLOSED bytes_to_agent=0 bytes_to_customer=0");
  }

  /** Rewrites the policy file and waits until the running broker has logged the reload. */
  private void reload(Path policy, String text) throws Exception {
    int seen = rig.broker().lineCount();
    Files.writeString(policy, text);
    rig.broker().awaitLine(seen, "Support policy reloaded from .*: [1-9]\\d* change", TIMEOUT);
  }
}
