package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 3 through the real helper and agent app: one session per refusal reason of the support
 * policy (the shipped policy, with the office always open). The helper shows the Spanish message
 * and the reason, the agent app exits with code 3, the customer is never asked for consent, nothing
 * is relayed, and the ticket holds the refusal with its rule. Office hours are in {@link
 * OfficeClosedThroughProgramsTest}, which needs a policy of its own.
 */
@ExtendWith(SharedRig.class)
class PolicyRefusalsThroughProgramsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Rig rig;
  private final TicketLog log;
  private double relayedBefore;

  PolicyRefusalsThroughProgramsTest(Rig rig) {
    this.rig = rig;
    this.log = new TicketLog(rig);
  }

  @BeforeEach
  void countRelayedBytes() throws Exception {
    relayedBefore = rig.relayedBytes();
  }

  @AfterEach
  void nothingWasRelayed() throws Exception {
    assertThat(rig.relayedBytes()).as("bytes relayed").isEqualTo(relayedBefore);
  }

  @ParameterizedTest(name = "{0} {1}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          LIC-RENTA-VENCIDA   | 2026.2 | system-behaviour | LICENCE_EXPIRED       | P2  | \
          La renta de su licencia LIC-RENTA-VENCIDA ya terminó (tuvo soporte hasta el 31 de \
          diciembre de 2020). Renueve la renta
          LIC-COMPRA-VENCIDA  | 2026.2 | system-behaviour | LICENCE_EXPIRED       | P26 | \
          El soporte de su licencia LIC-COMPRA-VENCIDA terminó el 31 de diciembre de 2020. \
          Para volver a recibir soporte y actualizaciones, adquiera la actualización del sistema.
          LIC-DESACTUALIZADA  | 2026.1 | system-behaviour | VERSION_OUTDATED      | P22 | \
          Tiene instalada la versión 2026.1 y la vigente es la 2026.2. Descargue e instale la \
          actualización desde https://soporte.example.com.mx/descargas/contabilidad
          LIC-ANTERIOR        | 2025.4 | system-behaviour | VERSION_UNSUPPORTED   | P25 | \
          La versión 2025.4 es una versión anterior: ya no tiene soporte por teléfono, correo \
          ni acceso remoto.
          LIC-FUERA-DE-ALCANCE | 2026.2 | accounting-tax  | CATEGORY_OUT_OF_SCOPE | P8  | \
          «Dudas contables, fiscales o de auditoría» no forma parte del soporte técnico. Si \
          gusta, podemos atenderle como asesoría, que se cobra por hora.
          """)
  void refusedOpenShowsTheSpanishReasonAndIsLoggedWithItsRule(
      String licence, String version, String category, String reason, String rule, String message)
      throws Exception {
    double refusedBefore = rig.refusals(reason);
    Program helper = helper(licence, version);
    String code = codeOf(helper);
    Program agent =
        rig.agent(
            SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0", "--category", category);

    assertThat(agent.awaitExit(TIMEOUT)).isEqualTo(3);
    assertThat(agent.output()).contains(message).contains("Motivo: " + reason);
    assertThat(helper.awaitExit(TIMEOUT)).isEqualTo(3);
    assertThat(helper.output())
        .contains("No se pudo iniciar la sesión.")
        .contains(message)
        .doesNotContain(reason)
        .doesNotContain("La sesión terminó")
        .doesNotContain("¿Lo permite?");
    assertThat(rig.refusals(reason)).isEqualTo(refusedBefore + 1);

    TicketLog.Session session = log.onlySessionOf(licence);
    assertThat(session.state()).isEqualTo("REFUSED");
    assertThat(session.endReason()).isEqualTo("REFUSED");
    assertThat(session.refusalReason()).isEqualTo(reason);
    assertThat(log.timeline(session.ticketId()))
        .extracting(TicketLog.Event::toString)
        .containsExactly(
            "TICKET_OPENED by customer: contabilidad " + version + " @ " + hostname(),
            "REFUSED by ana: " + reason + "(" + rule + ")",
            "SESSION_ENDED by ana: REFUSED " + reason + " bytes_to_agent=0 bytes_to_customer=0");
  }

  @Test
  void unknownLicenceIsRefusedAtTheHelperBeforeAnyCodeIsShownAndOpensNoTicket() throws Exception {
    double refusedBefore = rig.refusals("LICENCE_UNKNOWN");
    Program helper = helper("LIC-NO-EXISTE", "2026.2");

    assertThat(helper.awaitExit(TIMEOUT)).isEqualTo(3);
    assertThat(helper.output())
        .contains("No encontramos")
        .contains("LIC-NO-EXISTE")
        .contains("No se pudo iniciar la ayuda remota.")
        .doesNotContain("LICENCE_UNKNOWN")
        .doesNotContainPattern("\\d{3} \\d{3} \\d{3}");
    assertThat(rig.refusals("LICENCE_UNKNOWN")).isEqualTo(refusedBefore + 1);

    // P1: anyone can send an unknown key; it is counted and logged, never a ticket.
    assertThat(log.ticketsOf("LIC-NO-EXISTE")).isEmpty();
    assertThat(log.sessionsOf("LIC-NO-EXISTE")).isEmpty();
  }

  @Test
  void outOfScopeCategoryOpensAsBillableAdvisory() throws Exception {
    Program helper = helper("LIC-ASESORIA", "2026.2");
    String code = codeOf(helper);
    Program agent =
        rig.agent(
            SharedRig.AGENT,
            "open",
            code,
            "--forward",
            "127.0.0.1:0",
            "--category",
            "accounting-tax",
            "--advisory");
    helper.awaitLine("¿Lo permite\\?", TIMEOUT);
    helper.type("s");
    agent.awaitLine("Túnel listo", TIMEOUT);
    agent.type("q");
    assertThat(agent.awaitExit(TIMEOUT)).isZero();
    assertThat(helper.awaitExit(TIMEOUT)).isZero();

    TicketLog.Session session = log.onlySessionOf("LIC-ASESORIA");
    assertThat(session.refusalReason()).isNull();
    assertThat(session.endReason()).isEqualTo("ENDED_BY_AGENT");
    assertThat(log.timeline(session.ticketId()))
        .extracting(TicketLog.Event::toString)
        .contains("CONSENT_REQUESTED by ana: TUNNEL category=accounting-tax billable");
  }

  @Test
  void policyCheckExplainsTheRefusalToTheOperator() throws Exception {
    Program check =
        rig.admin(
            null,
            "policy",
            "check",
            "--licence",
            "LIC-RENTA-VENCIDA",
            "--version",
            "2026.2",
            "--at",
            "2026-11-24T10:00");

    assertThat(check.awaitExit(TIMEOUT)).isEqualTo(3);
    String rental =
        "La renta de su licencia LIC-RENTA-VENCIDA ya terminó (tuvo soporte hasta el"
            + " 31 de diciembre de 2020). Renueve la renta para volver a recibir soporte técnico.";
    List<String> lines = new ArrayList<>(check.output().lines().toList());
    // The rig's office never closes, so "closes:" is only the end of the calendar's search.
    assertThat(lines.removeIf(line -> line.startsWith("closes:"))).isTrue();
    assertThat(lines)
        .containsExactly(
            "decision:  REFUSED",
            "at:        2026-11-24T10:00-06:00[America/Mexico_City] (2026-11-24T16:00:00Z)",
            "licence:   EXPIRED_RENTAL, support until 2021-01-01 (exclusive)",
            "category:  system-behaviour, priority 3",
            "rule:      P2 LICENCE_EXPIRED: " + rental,
            "self-help: https://soporte.example.com.mx/ayuda/videos",
            "message:   "
                + rental
                + " Mientras tanto, la ayuda en línea y los videos están"
                + " disponibles las 24 horas en https://soporte.example.com.mx/ayuda/videos.");
  }

  private Program helper(String licence, String version) throws Exception {
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

  private static String codeOf(Program helper) throws InterruptedException {
    return helper.awaitLine("(\\d{3} \\d{3} \\d{3})", TIMEOUT).group(1);
  }

  static String hostname() throws Exception {
    return java.net.InetAddress.getLocalHost().getHostName();
  }
}
