package puente.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A mistyped command line is explained in the user's language, then the usage follows. */
class UsageErrorsTest {
  @Command(name = "puente-prueba")
  static final class Sample implements Runnable {
    @Option(names = "--broker", required = true)
    String broker;

    @Option(names = "--max-fps")
    int maxFps;

    @Parameters(paramLabel = "CODE", arity = "1")
    String code;

    @Override
    public void run() {}
  }

  record Result(int code, String err) {}

  static Result run(Locale locale, String... args) {
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new Sample())
            .setErr(new PrintWriter(err, true))
            .setOut(new PrintWriter(new StringWriter(), true))
            .setParameterExceptionHandler(new UsageErrors(locale))
            .execute(args);
    return new Result(code, err.toString());
  }

  static String firstLine(Result result) {
    return result.err().lines().findFirst().orElse("");
  }

  @Test
  void eachKindOfMistakeReadsInSpanish() {
    Locale es = Locales.SPANISH_MEXICO;
    assertThat(firstLine(run(es, "--broker=x", "--bogus", "123")))
        .isEqualTo("Opción desconocida: --bogus");
    assertThat(firstLine(run(es, "--broker=x", "123", "456")))
        .isEqualTo("Sobra este argumento: 456");
    assertThat(firstLine(run(es))).isEqualTo("Falta indicar: --broker, CODE");
    assertThat(firstLine(run(es, "123", "--broker"))).isEqualTo("Falta el valor de --broker.");
    assertThat(firstLine(run(es, "--broker=a", "--broker=b", "123")))
        .isEqualTo("La opción --broker se indicó más de una vez.");
    assertThat(firstLine(run(es, "--broker=a", "--max-fps=mucho", "123")))
        .isEqualTo("Valor no válido para --max-fps: mucho");
  }

  @Test
  void englishOnRequestAndTheUsageFollowsWithTheUsageExitCode() {
    Result result = run(Locale.ENGLISH, "--broker=x", "--bogus", "123");

    assertThat(firstLine(result)).isEqualTo("Unknown option: --bogus");
    assertThat(result.err()).contains("puente-prueba");
    assertThat(result.code()).isEqualTo(2);
  }

  @Test
  void theAppsWriteUtf8WhereTheJvmWouldWriteAscii() {
    assertThat(TerminalStreams.writesUtf8Instead("ANSI_X3.4-1968", "Linux")).isTrue();
    assertThat(TerminalStreams.writesUtf8Instead("US-ASCII", "Mac OS X")).isTrue();
    assertThat(TerminalStreams.writesUtf8Instead("UTF-8", "Linux")).isFalse();
    assertThat(TerminalStreams.writesUtf8Instead("ISO-8859-1", "Linux")).isFalse();
    // A Windows console decodes its own code page: the JVM's choice stands.
    assertThat(TerminalStreams.writesUtf8Instead("US-ASCII", "Windows 11")).isFalse();
  }
}
