package puente.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.client.ExitCode;

/** {@code puente-agent tickets …} as registered in the app. */
class TicketsInAgentAppTest {
  @TempDir Path configDir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return AgentApp.run(
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ProfileStore(configDir),
        args);
  }

  @Test
  void ticketsNeedALogin() {
    assertThat(run("tickets", "queue")).isEqualTo(ExitCode.REFUSED.code());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("puente-agent login");
  }

  @Test
  void anUnknownZoneIsAUsageErrorThatNamesTheOption() {
    assertThat(run("tickets", "list", "--zone", "Marte/Olympus")).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--zone: Marte/Olympus");
  }

  @Test
  void ticketsSpeakEnglishWhenAsked() {
    assertThat(run("--locale", "en", "tickets", "list")).isEqualTo(ExitCode.REFUSED.code());
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("puente-agent login")
        .doesNotContain("sesión");
  }

  @Test
  void ticketsListTheirSubcommands() {
    assertThat(run("tickets", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("queue")
        .contains("list")
        .contains("show")
        .contains("note")
        .contains("wait")
        .contains("contact")
        .contains("info-complete")
        .contains("duplicate")
        .contains("close")
        .contains("follow-up");
  }
}
