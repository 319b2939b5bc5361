package puente.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import puente.client.Locales;

/** The help follows the app's language: Spanish first, English with {@code --locale en}. */
class HelpLanguageTest {
  // Letters and marks of Spanish that English text never needs.
  private static final String SPANISH_ONLY = "áéíóúñÁÉÍÓÚÑ¿¡";

  @TempDir Path configDir;

  @Test
  void withNoLocaleSetAMistakeIsExplainedInSpanishAndEveryLetterArrives() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            AgentApp.class.getName(),
            "--bogus");
    // As on a server or over SSH with no locale: the JVM alone would write ASCII ("versi?n").
    builder.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
    builder.environment().put("XDG_CONFIG_HOME", configDir.toString());
    Process app = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err;
    try (InputStream in = app.getErrorStream()) {
      err = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(app.waitFor()).isEqualTo(2);
    assertThat(err)
        .startsWith("Opción desconocida: --bogus")
        .contains("Uso: puente-agent")
        .contains("Muestra la versión y termina.")
        .doesNotContain("?");
  }

  @Test
  void everyCommandOptionAndParameterHasEnglishHelp() {
    List<String> missing = new ArrayList<>();
    compare(tree(Locales.SPANISH_MEXICO), tree(Locale.ENGLISH), missing);

    assertThat(missing).isEmpty();
  }

  @Test
  void theExitCodesAreListedInEnglishToo() {
    CommandSpec english = tree(Locale.ENGLISH).getCommandSpec();
    CommandSpec spanish = tree(Locales.SPANISH_MEXICO).getCommandSpec();

    assertThat(english.usageMessage().exitCodeListHeading()).contains("Exit codes:");
    assertThat(english.usageMessage().exitCodeList())
        .containsEntry("3", "refused, or not logged in")
        .hasSameSizeAs(spanish.usageMessage().exitCodeList());
    assertThat(spanish.usageMessage().exitCodeList())
        .containsEntry("3", "rechazado, o sin sesión iniciada");
  }

  static Stream<Arguments> englishHelpRequests() {
    return Stream.of(
        Arguments.of(List.of("--locale", "en", "tickets", "list", "--help"), "tickets list"),
        Arguments.of(List.of("login", "--help", "--locale=en"), "login"),
        Arguments.of(List.of("tickets", "to-dev", "-h", "--locale", "en"), "tickets to-dev"));
  }

  @ParameterizedTest
  @MethodSource("englishHelpRequests")
  void localeEnPrintsTheHelpInEnglishWithNoSpanishDescription(List<String> args, String command) {
    String help = run(args);

    assertThat(help).startsWith("Usage: puente-agent " + command).contains("--locale=<locale>");
    assertThat(help).contains(english(command).usageMessage().description()[0].substring(0, 20));
    for (String spanish : descriptionsOf(spanish(command))) {
      assertThat(help).doesNotContain(spanish);
    }
    assertThat(help).doesNotContainPattern("[" + SPANISH_ONLY + "]").doesNotContain("Uso:");
  }

  @Test
  void ticketsListHelpReadsInEnglish() {
    String help = run(List.of("--locale", "en", "tickets", "list", "--help"));

    assertThat(help)
        .contains("Lists every case, open and closed, newest first, a page at a time.")
        .contains("Only cases in this state: NUEVO, EN_ATENCION")
        .contains("Cases per page, up to 100 (20).")
        .contains("Show this help and exit.")
        .contains("Time zone for the times shown");
  }

  @Test
  void aUsageErrorShowsTheCommandsHelpInEnglish() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        AgentApp.run(
            InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ProfileStore(configDir),
            "--locale",
            "en",
            "tickets",
            "show");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Usage: puente-agent tickets show")
        .contains("Shows one case with its whole history.")
        .doesNotContain("Muestra un caso con su historial completo.");
  }

  @Test
  void spanishHelpIsSpanishWithPicocliWordsTooAndNoEnglishDescription() {
    String help = run(List.of("--locale", "es-MX", "tickets", "list", "--help"));

    assertThat(help)
        .startsWith("Uso: puente-agent tickets list")
        .contains("Lista todos los casos, abiertos y cerrados")
        .contains("Muestra esta ayuda y termina.")
        .doesNotContain("Usage:")
        .doesNotContain("Show this help");
    for (String english : descriptionsOf(english("tickets list"))) {
      assertThat(help).doesNotContain(english);
    }
  }

  @Test
  void aCUtf8SystemGetsSpanishHelp() {
    Locale chosen = Locales.ofSystem(Map.of("LANG", "C.UTF-8"), "Linux", Locale.ENGLISH);

    assertThat(chosen).isEqualTo(Locales.SPANISH_MEXICO);
    assertThat(HelpLanguage.bundle(chosen).getString("usage.synopsisHeading")).isEqualTo("Uso: ");
  }

  @Test
  void withoutLocaleOnThisNonEnglishSystemTheHelpStaysSpanish() {
    String setting =
        Stream.of("LC_ALL", "LC_MESSAGES", "LANG")
            .map(System::getenv)
            .filter(value -> value != null && !value.isBlank())
            .findFirst()
            .orElse("");
    assumeThat(setting).as("LC_ALL/LC_MESSAGES/LANG of this machine").doesNotStartWith("en");

    String help = run(List.of("tickets", "list", "--help"));

    assertThat(help)
        .startsWith("Uso: puente-agent tickets list")
        .contains("Lista todos los casos")
        .doesNotContain("Lists every case");
  }

  @Test
  void doubleDashEndsTheSearchForLocale() {
    assertThat(HelpLanguage.requested("--locale", "en", "tickets")).isEqualTo(Locale.ENGLISH);
    assertThat(HelpLanguage.requested("--locale=es-MX", "--", "--locale", "en"))
        .isEqualTo(Locales.SPANISH_MEXICO);
  }

  private String run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        AgentApp.run(
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()),
            new ProfileStore(configDir),
            args.toArray(String[]::new));
    assertThat(exit).as(String.join(" ", args)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private CommandLine tree(Locale locale) {
    return AgentApp.commandLine(
        new AgentApp(
            InputStream.nullInputStream(), System.out, System.err, new ProfileStore(configDir)),
        locale);
  }

  private CommandSpec english(String command) {
    return find(tree(Locale.ENGLISH), command);
  }

  private CommandSpec spanish(String command) {
    return find(tree(Locales.SPANISH_MEXICO), command);
  }

  private static CommandSpec find(CommandLine root, String command) {
    CommandLine line = root;
    for (String name : command.split(" ")) {
      line = line.getSubcommands().get(name);
    }
    return line.getCommandSpec();
  }

  /** Every description of a command and its options and parameters, one line each. */
  private static List<String> descriptionsOf(CommandSpec spec) {
    List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
    spec.args().forEach(arg -> texts.addAll(Arrays.asList(arg.description())));
    return texts;
  }

  private static void compare(CommandLine spanish, CommandLine english, List<String> missing) {
    CommandSpec es = spanish.getCommandSpec();
    CommandSpec en = english.getCommandSpec();
    String name = en.qualifiedName(" ");
    check(name, es.usageMessage().description(), en.usageMessage().description(), missing);
    List<ArgSpec> esArgs = es.args();
    List<ArgSpec> enArgs = en.args();
    assertThat(enArgs).hasSameSizeAs(esArgs);
    for (int i = 0; i < enArgs.size(); i++) {
      ArgSpec arg = enArgs.get(i);
      String label =
          arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
      check(name + " " + label, esArgs.get(i).description(), arg.description(), missing);
    }
    for (var sub : english.getSubcommands().entrySet()) {
      if (sub.getValue().getCommandName().equals(sub.getKey())) {
        compare(spanish.getSubcommands().get(sub.getKey()), sub.getValue(), missing);
      }
    }
  }

  // English text comes from the bundle only if it differs from the annotation's Spanish.
  private static void check(String what, String[] spanish, String[] english, List<String> missing) {
    String es = String.join(" ", spanish);
    String en = String.join(" ", english);
    if (en.isBlank() || en.equals(es) || en.chars().anyMatch(c -> SPANISH_ONLY.indexOf(c) >= 0)) {
      missing.add(what + ": " + en);
    }
  }
}
