package puente.e2e.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static puente.e2e.Cast.WAIT;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.e2e.Cast;
import puente.e2e.Program;

/**
 * The agent app's {@code tickets} commands against the real broker: a case from a real session is
 * closed, leaves the queue, stays in the list (P20), and reads in Spanish or, on request, in
 * English, with its times in the policy's zone, named.
 */
class TicketsThroughProgramsTest {
  @TempDir Path dir;
  Cast cast;

  @AfterEach
  void stop() throws Exception {
    if (cast != null) {
      cast.stop();
    }
  }

  @Test
  void aClosedCaseLeavesTheQueueButIsListedAndReadsInTheAgentsLanguage() throws Exception {
    cast = Cast.start(dir).loggedIn("ana");
    Cast.Opened session = cast.open();
    session.ana().type("q");
    assertThat(session.ana().awaitExit(WAIT)).isZero();
    String id = Long.toString(session.ticketId());

    Program close = cast.command("ana", "tickets", "close", id, "--nota", "ya quedó");
    assertThat(close.awaitExit(WAIT)).as(close.output()).isZero();
    assertThat(close.output()).contains("Caso #" + id + ": cerrado");

    Program queue = cast.command("ana", "tickets", "queue", "--todos");
    assertThat(queue.awaitExit(WAIT)).as(queue.output()).isZero();
    assertThat(queue.output()).doesNotContain("#" + id + " ");

    Program list = cast.command("ana", "tickets", "list", "--estado", "CERRADO");
    assertThat(list.awaitExit(WAIT)).as(list.output()).isZero();
    assertThat(list.output())
        .contains("(horas de Ciudad de México)")
        .containsPattern("#" + id + " +\\S+ +cerrado +Contadores Rivera SC")
        .contains("Página 1 de 1 · casos en total: 1");

    // Rig.agent asks for Spanish; this one asks for English instead.
    try (Program english =
        Program.start(
            Program.AGENT, cast.rig.agentEnv("ana"), "--locale", "en", "tickets", "show", id)) {
      assertThat(english.awaitExit(WAIT)).as(english.output()).isZero();
      assertThat(english.output())
          .contains("Case #" + id + ": closed")
          .containsPattern(
              "Closed: \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d \\(Mexico City time\\), solved by agreement")
          .contains("History (times in Mexico City time):")
          .contains("session started")
          .doesNotContain("Historial");
    }
  }
}
