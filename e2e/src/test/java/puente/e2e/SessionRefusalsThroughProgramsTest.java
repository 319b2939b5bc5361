package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2 through the real programs: a wrong or reused code, an agent without a valid login and a
 * customer who says no. Each is refused with a reason code and a Spanish message, nothing is
 * relayed, and the ticket records what happened. (An unknown licence is in {@link
 * PolicyRefusalsThroughProgramsTest}, with the other licence refusals.)
 */
@ExtendWith(SharedRig.class)
class SessionRefusalsThroughProgramsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Rig rig;
  private final TicketLog log;
  private double relayedBefore;

  SessionRefusalsThroughProgramsTest(Rig rig) {
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

  @Test
  void wrongAndReusedCodesGetTheSameAnswerAndTheReuseIsLogged() throws Exception {
    double refusedBefore = rig.refusals("CODE_INVALID");
    Program helper = helper("LIC-CODIGOS");
    String code = codeOf(helper);

    Program wrong = rig.agent(SharedRig.AGENT, "open", otherCode(code), "--forward", "127.0.0.1:0");
    assertThat(wrong.awaitExit(TIMEOUT)).isEqualTo(3);

    Program opener = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
    helper.awaitLine("¿Lo permite\\?", TIMEOUT);
    helper.type("s");
    opener.awaitLine("Túnel listo", TIMEOUT);
    Program reused = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
    assertThat(reused.awaitExit(TIMEOUT)).isEqualTo(3);

    assertThat(refusalLines(wrong))
        .containsExactly(
            "El código no es válido, ya venció o ya se usó. Pida al cliente que le lea el código que"
                + " aparece ahora en su aplicación Puente.",
            "Motivo: CODE_INVALID");
    assertThat(refusalLines(reused)).isEqualTo(refusalLines(wrong));
    assertThat(rig.refusals("CODE_INVALID")).isEqualTo(refusedBefore + 2);

    opener.type("q");
    assertThat(opener.awaitExit(TIMEOUT)).isZero();
    assertThat(helper.awaitExit(TIMEOUT)).isZero();
    TicketLog.Session session = log.onlySessionOf("LIC-CODIGOS");
    assertThat(kinds(log.timeline(session.ticketId())))
        .containsExactly(
            "TICKET_OPENED",
            "CONSENT_REQUESTED",
            "CONSENT_GIVEN",
            "SESSION_STARTED",
            "PARTICIPANT_JOINED",
            "CODE_REUSED",
            "SESSION_ENDED");
    assertThat(log.timeline(session.ticketId()))
        .filteredOn(e -> e.kind().equals("CODE_REUSED"))
        .extracting(TicketLog.Event::actor)
        .containsExactly(SharedRig.AGENT);
  }

  @Test
  void agentWithoutValidLoginIsRefusedAndTheCodeStaysUsable() throws Exception {
    Program helper = helper("LIC-SIN-SESION");
    String code = codeOf(helper);

    Program nobody = rig.agent("nadie", "open", code, "--forward", "127.0.0.1:0");
    assertThat(nobody.awaitExit(TIMEOUT)).isEqualTo(3);
    assertThat(nobody.output()).contains("No ha iniciado sesión");

    forgeLogin("intruso");
    Program forged = rig.agent("intruso", "open", code, "--forward", "127.0.0.1:0");
    assertThat(forged.awaitExit(TIMEOUT)).isEqualTo(3);
    assertThat(forged.output())
        .contains("Su sesión de trabajo venció: ejecute «agent-app login» otra vez.")
        .contains("Motivo: UNAUTHENTICATED");

    TicketLog.Session session = log.onlySessionOf("LIC-SIN-SESION");
    assertThat(session.state()).isEqualTo("WAITING");
    assertThat(kinds(log.timeline(session.ticketId()))).containsExactly("TICKET_OPENED");

    // Neither attempt burnt the customer's code: the real agent still opens it.
    Program agent = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
    helper.awaitLine("¿Lo permite\\?", TIMEOUT);
    helper.type("s");
    agent.awaitLine("Túnel listo", TIMEOUT);
    helper.type("q");
    assertThat(helper.awaitExit(TIMEOUT)).isZero();
    assertThat(agent.awaitExit(TIMEOUT)).isZero();
    assertThat(log.onlySessionOf("LIC-SIN-SESION").endReason()).isEqualTo("ENDED_BY_CUSTOMER");
  }

  @Test
  void customerWhoSaysNoEndsBothSidesAndTheTicketRecordsIt() throws Exception {
    double refusedBefore = rig.refusals("CONSENT_REFUSED");
    Program helper = helper("LIC-CONSENTIMIENTO");
    String code = codeOf(helper);
    Program agent = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
    helper.awaitLine("¿Lo permite\\?", TIMEOUT);
    helper.type("n");

    assertThat(agent.awaitExit(TIMEOUT)).isEqualTo(3);
    assertThat(agent.output())
        .contains("El cliente no aceptó la sesión remota.")
        .contains("Motivo: CONSENT_REFUSED")
        .doesNotContain("Túnel listo");
    assertThat(helper.awaitExit(TIMEOUT)).isEqualTo(3);
    assertThat(helper.output())
        .contains("Rechazado.")
        .contains("Usted no dio permiso; nadie se conectó a su equipo.")
        .doesNotContain("La sesión terminó");
    assertThat(rig.refusals("CONSENT_REFUSED")).isEqualTo(refusedBefore + 1);

    TicketLog.Session session = log.onlySessionOf("LIC-CONSENTIMIENTO");
    assertThat(session.state()).isEqualTo("REFUSED");
    assertThat(session.endReason()).isEqualTo("CONSENT_DECLINED");
    assertThat(session.refusalReason()).isEqualTo("CONSENT_REFUSED");
    assertThat(log.timeline(session.ticketId()))
        .extracting(TicketLog.Event::toString)
        .containsExactly(
            "TICKET_OPENED by customer: contabilidad 2026.2 @ " + hostname(),
            "CONSENT_REQUESTED by ana: TUNNEL category=system-behaviour",
            "CONSENT_DECLINED by customer: declined",
            "SESSION_ENDED by customer: CONSENT_DECLINED CONSENT_REFUSED bytes_to_agent=0"
                + " bytes_to_customer=0");
  }

  private Program helper(String licence) throws Exception {
    return rig.helper(
        "--licence",
        licence,
        "--product",
        "contabilidad",
        "--version",
        "2026.2",
        "--service",
        "127.0.0.1:" + Rig.freePort());
  }

  private static String codeOf(Program helper) throws InterruptedException {
    return helper.awaitLine("(\\d{3} \\d{3} \\d{3})", TIMEOUT).group(1);
  }

  /** Another well-formed code: the same digits but the last one. */
  private static String otherCode(String code) {
    char last = code.charAt(code.length() - 1);
    return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
  }

  /** What the agent app printed, less the line that names the code it tried. */
  private static List<String> refusalLines(Program agent) {
    return agent.output().lines().filter(line -> !line.startsWith("Abriendo la sesión")).toList();
  }

  private static List<String> kinds(List<TicketLog.Event> timeline) {
    return timeline.stream().map(TicketLog.Event::kind).toList();
  }

  private static String hostname() throws Exception {
    return java.net.InetAddress.getLocalHost().getHostName();
  }

  /** A saved login with a token the broker never issued. */
  private void forgeLogin(String user) throws Exception {
    Path dir = Path.of(rig.agentEnv(user).get(1));
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("agent.properties"),
        "broker=127.0.0.1:"
            + rig.grpcPort()
            + "\nplaintext=false\nuser="
            + user
            + "\ndisplay_name=Intruso\nrole=agent\ntoken=forged-token-0123456789abcdef\nexpires_at="
            + Instant.now().plus(Duration.ofHours(1))
            + "\n",
        StandardCharsets.UTF_8);
  }
}
