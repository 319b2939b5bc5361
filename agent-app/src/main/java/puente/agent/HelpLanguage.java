package puente.agent;

import java.util.Locale;
import java.util.ResourceBundle;
import picocli.CommandLine;
import puente.client.Locales;

/**
 * The language of the app's help and usage text. The Spanish (es-MX, the default) is in the
 * {@code @Command} and {@code @Option} annotations; {@code puente/agent/help_en.properties} holds
 * the English of every one of them, and each language's bundle holds picocli's own words ("Usage:",
 * the {@code --help} option). The language follows the same rule as the rest of the app ({@link
 * Locales#resolve}), but it must be known before picocli parses the command line, since picocli
 * prints the help while parsing: so {@code --locale} is read from the arguments first.
 */
final class HelpLanguage {
  static final String BUNDLE = "puente.agent.help";

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private HelpLanguage() {}

  /**
   * The locale a command line asks for.
   *
   * @param args the arguments as typed
   * @return {@link Locale#ENGLISH} or {@link Locales#SPANISH_MEXICO}, as {@link Locales#resolve}
   *     decides for the value of {@code --locale} (or the system's language without it)
   */
  static Locale requested(String... args) {
    return Locales.requestedBy(args);
  }

  /**
   * Gives a command line and all its subcommands their help text in a language.
   *
   * @param line the app's command line, with every subcommand already added
   * @param locale a locale from {@link Locales#resolve}
   * @return the same command line
   */
  static CommandLine apply(CommandLine line, Locale locale) {
    return line.setResourceBundle(bundle(locale));
  }

  /** The help bundle of a language (English, or Spanish for anything else). */
  static ResourceBundle bundle(Locale locale) {
    return ResourceBundle.getBundle(
        BUNDLE,
        Locales.resolve(locale.toLanguageTag()),
        HelpLanguage.class.getClassLoader(),
        NO_FALLBACK);
  }
}
