package puente.e2e.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static puente.e2e.Cast.WAIT;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.e2e.Cast;
import puente.e2e.Program;

/**
 * Issue 5 through the real programs: escalation, specialists joining, control passing with the
 * customer's consent, removal and supervision, driven by typing at the helper and agent apps.
 */
class EscalationThroughProgramsTest {
  @TempDir Path dir;
  Cast cast;

  @AfterEach
  void stop() throws Exception {
    if (cast != null) {
      cast.stop();
    }
  }

  @Test
  void aSpecialistJoinsTakesControlWithConsentAndFinishesAfterTheAgentLeaves() throws Exception {
    cast = Cast.start(dir).loggedIn("ana", "sofia");
    Cast.Opened session = cast.open();
    Program ana = session.ana();
    Program helper = session.helper();
    Cast.assertEchoed(session.anaPort(), 256 * 1024);

    ana.type("escalate - No abre la base de datos después de actualizar");
    ana.awaitLine("Sesión " + session.sessionId() + " escalada a la cola de especialistas", WAIT);

    Program queue = cast.command("sofia", "queue");
    assertThat(queue.awaitExit(WAIT)).isZero();
    assertThat(queue.output())
        .contains("Escalamientos en espera (1)")
        .contains("Contadores Rivera SC")
        .contains("Escaló: ana · para: la cola")
        .contains("Nota: No abre la base de datos después de actualizar")
        .contains("puente-agent join " + session.sessionId());

    Program sofia = cast.rig.agent("sofia", "join", session.sessionId(), "--watch");
    sofia.awaitLine("Uniéndose a la sesión .* de Contadores Rivera SC", WAIT);
    sofia.awaitLine("Unido a la sesión .* mirando", WAIT);
    helper.awaitLine("Sofía Méndez \\(especialista\\) se unió a la sesión", WAIT);
    ana.awaitLine("Conectados: .*Sofía Méndez \\(especialista\\)", WAIT);

    sofia.type("control");
    ana.awaitLine("Sofía Méndez pide el control. Para cederlo escriba: grant sofia", WAIT);
    ana.type("grant sofia");
    // The session shares a tunnel only: the hand-over names the tunnel, never the screen.
    String handOver =
        helper
            .awaitLine(
                "Ana López quiere pasarle el control a Sofía Méndez \\(especialista\\).*"
                    + "conectarse al servicio que usted indicó.*",
                WAIT)
            .group();
    org.assertj.core.api.Assertions.assertThat(handOver).doesNotContain("pantalla", "mouse");
    helper.type("s");

    sofia.awaitLine("Usted tiene el control", WAIT);
    int sofiaPort =
        Integer.parseInt(sofia.awaitLine("Túnel listo: 127\\.0\\.0\\.1:(\\d+)", WAIT).group(1));
    ana.awaitLine("Ahora tiene el control: Sofía Méndez", WAIT);
    ana.awaitLine("Ya no tiene el control: se cerró el puerto", WAIT);
    helper.awaitLine("Sofía Méndez tiene ahora el control", WAIT);
    assertThatThrownBy(() -> new Socket("127.0.0.1", session.anaPort()).close())
        .isInstanceOf(ConnectException.class);

    ana.type("leave");
    ana.awaitLine("Salió de la sesión", WAIT);
    assertThat(ana.awaitExit(WAIT)).isZero();
    sofia.awaitLine(
        "Conectados: Contadores Rivera SC \\(cliente\\), "
            + "Sofía Méndez \\(especialista, con control\\)$",
        WAIT);

    // The tunnel now runs between the customer and Sofía.
    Cast.assertEchoed(sofiaPort, 1024 * 1024);

    sofia.type("q");
    assertThat(sofia.awaitExit(WAIT)).isZero();
    helper.awaitLine("El agente terminó la sesión.", WAIT);
    assertThat(helper.awaitExit(WAIT)).isZero();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(cast.kinds(session.ticketId()))
                    .containsSubsequence(
                        "SESSION_STARTED",
                        "PARTICIPANT_JOINED",
                        "ESCALATED",
                        "PARTICIPANT_JOINED",
                        "CONTROL_REQUESTED",
                        "CONTROL_REQUESTED",
                        "CONTROL_CHANGED",
                        "PARTICIPANT_LEFT",
                        "SESSION_ENDED"));
    assertThat(cast.timeline(session.ticketId()))
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("ESCALATED");
              assertThat(e.actor()).isEqualTo("ana");
              assertThat(e.detail()).contains("No abre la base de datos");
            })
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("CONTROL_CHANGED");
              assertThat(e.detail()).contains("holder=sofia");
            })
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("PARTICIPANT_LEFT");
              assertThat(e.actor()).isEqualTo("ana");
            })
        .anySatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo("SESSION_ENDED");
              assertThat(e.actor()).isEqualTo("sofia");
            });
  }

  @Test
  void theCustomerVetoesControlPausesAndRemovesTheSpecialist() throws Exception {
    cast = Cast.start(dir).loggedIn("ana", "sofia");
    Cast.Opened session = cast.open();
    Program ana = session.ana();
    Program helper = session.helper();
    Program escalate =
        cast.command(
            "ana",
            "escalate",
            session.sessionId(),
            "--to",
            "sofia",
            "--note",
            "Revisar la conexión al servidor");
    assertThat(escalate.awaitExit(WAIT)).as(escalate.output()).isZero();
    assertThat(escalate.output()).contains("escalada a sofia");

    Program sofia = cast.rig.agent("sofia", "join", session.sessionId(), "--ask-control");
    ana.awaitLine("Sofía Méndez pide el control", WAIT);
    ana.type("grant Sofía");
    ana.awaitLine("Se pide al cliente que autorice pasar el control a Sofía Méndez", WAIT);
    helper.awaitLine("Sofía Méndez \\(especialista\\).*¿Lo permite\\?", WAIT);
    helper.type("n");

    sofia.awaitLine("Aviso: El cliente no autorizó pasar el control a Sofía Méndez", WAIT);
    ana.awaitLine("Aviso: El cliente no autorizó pasar el control a Sofía Méndez", WAIT);
    // Control, and with it the tunnel, stayed with Ana.
    Cast.assertEchoed(session.anaPort(), 256 * 1024);
    assertThat(sofia.output()).doesNotContain("Túnel listo");

    helper.type("pausa");
    ana.awaitLine("Aviso: El cliente pausó la sesión", WAIT);
    sofia.awaitLine("Aviso: El cliente pausó la sesión", WAIT);
    helper.type("seguir");
    sofia.awaitLine("Aviso: El cliente reanudó la sesión", WAIT);

    helper.type("quitar Sofía");
    helper.awaitLine("Se retira a Sofía Méndez de la sesión", WAIT);
    sofia.awaitLine("Aviso: El cliente lo retiró de la sesión", WAIT);
    assertThat(sofia.awaitExit(WAIT)).isZero();
    ana.awaitLine(
        "Conectados: Contadores Rivera SC \\(cliente\\), Ana López \\(agente, con control\\)$",
        WAIT);

    ana.type("q");
    assertThat(ana.awaitExit(WAIT)).isZero();
    assertThat(helper.awaitExit(WAIT)).isZero();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(cast.kinds(session.ticketId()))
                    .containsSubsequence(
                        "ESCALATED",
                        "PARTICIPANT_JOINED",
                        "CONTROL_REQUESTED",
                        "CONTROL_VETOED",
                        "PAUSED",
                        "RESUMED",
                        "PARTICIPANT_REMOVED",
                        "PARTICIPANT_LEFT",
                        "SESSION_ENDED")
                    .doesNotContain("CONTROL_CHANGED"));
  }

  @Test
  void aSpecialistWithoutAnOfferIsRefused() throws Exception {
    cast = Cast.start(dir).loggedIn("ana", "sofia", "rafa");
    Cast.Opened session = cast.open();
    Program escalate = cast.command("ana", "escalate", session.sessionId(), "--to", "sofia");
    assertThat(escalate.awaitExit(WAIT)).isZero();

    Program rafaQueue = cast.command("rafa", "queue");
    assertThat(rafaQueue.awaitExit(WAIT)).isZero();
    assertThat(rafaQueue.output()).contains("No hay escalamientos en espera.");

    Program rafa = cast.command("rafa", "join", session.sessionId());
    assertThat(rafa.awaitExit(WAIT)).as(rafa.output()).isEqualTo(3);
    assertThat(rafa.output()).contains("No se pudo unir a la sesión").contains("PERMISSION_DENIED");

    Program guessed = cast.command("sofia", "join", "00000000-0000-0000-0000-000000000000");
    assertThat(guessed.awaitExit(WAIT)).isEqualTo(3);
    assertThat(guessed.output()).contains("PERMISSION_DENIED");

    Program anaQueue = cast.command("ana", "queue");
    assertThat(anaQueue.awaitExit(WAIT)).isEqualTo(3);
    assertThat(anaQueue.output()).contains("PERMISSION_DENIED");

    assertThat(session.ana().isAlive()).isTrue();
    assertThat(cast.kinds(session.ticketId())).doesNotContain("PARTICIPANT_REMOVED");
    assertThat(cast.timeline(session.ticketId()))
        .noneSatisfy(e -> assertThat(e.actor()).isEqualTo("rafa"));
  }

  @Test
  void theSupervisorListsLiveSessionsAndEndsOne() throws Exception {
    cast = Cast.start(dir).loggedIn("ana", "sup");
    Cast.Opened session = cast.open();

    Program sessions = cast.command("sup", "sessions");
    assertThat(sessions.awaitExit(WAIT)).as(sessions.output()).isZero();
    assertThat(sessions.output())
        .contains("Sesiones en vivo (1)")
        .contains("Contadores Rivera SC · activa")
        .contains("Sesión " + session.sessionId() + " (ticket " + session.ticketId() + ")")
        .containsPattern(
            "Conectados: Contadores Rivera SC \\[customer\\] \\(cliente\\), "
                + "Ana López \\[ana\\] \\(agente, con control\\)");

    Program notSupervisor = cast.command("ana", "sessions");
    assertThat(notSupervisor.awaitExit(WAIT)).isEqualTo(3);
    assertThat(notSupervisor.output()).contains("PERMISSION_DENIED");

    Program end = cast.command("sup", "end", session.sessionId());
    assertThat(end.awaitExit(WAIT)).as(end.output()).isZero();
    session.ana().awaitLine("La sesión terminó: Un supervisor terminó la sesión", WAIT);
    assertThat(session.ana().awaitExit(WAIT)).isZero();
    assertThat(session.helper().awaitExit(WAIT)).isZero();

    Program afterwards = cast.command("sup", "sessions");
    assertThat(afterwards.awaitExit(WAIT)).isZero();
    assertThat(afterwards.output()).contains("No hay sesiones en vivo.");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(cast.timeline(session.ticketId()))
                    .anySatisfy(
                        e -> {
                          assertThat(e.kind()).isEqualTo("SESSION_ENDED");
                          assertThat(e.actor()).isEqualTo("sup");
                        }));
  }
}
