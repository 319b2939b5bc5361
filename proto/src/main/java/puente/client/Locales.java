package puente.client;

import java.util.Locale;
import java.util.Map;

/** The two locales the apps speak: Mexican Spanish first, English on request. */
public final class Locales {
  /** Mexican Spanish, the default for customers and agents. */
  public static final Locale SPANISH_MEXICO = Locale.forLanguageTag("es-MX");

  private Locales() {}

  /**
   * Picks the supported locale closest to a request.
   *
   * @param tag a BCP 47 tag such as {@code es-MX} or {@code en}; null or blank means "what the
   *     operating system asks for", see {@link #ofSystem}
   * @return {@link Locale#ENGLISH} for any English tag, otherwise {@link #SPANISH_MEXICO}
   */
  public static Locale resolve(String tag) {
    if (tag == null || tag.isBlank()) {
      return ofSystem(System.getenv(), System.getProperty("os.name"), Locale.getDefault());
    }
    return Locale.forLanguageTag(tag.trim()).getLanguage().equals("en")
        ? Locale.ENGLISH
        : SPANISH_MEXICO;
  }

  /**
   * The locale a command line asks for: its {@code --locale} value, read before the command line is
   * parsed (help and usage errors are printed while parsing), else the system's.
   *
   * @param args the arguments as typed
   * @return {@link Locale#ENGLISH} or {@link #SPANISH_MEXICO}, as {@link #resolve} decides
   */
  public static Locale requestedBy(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals("--locale")) {
        return resolve(i + 1 < args.length ? args[i + 1] : null);
      }
      if (arg.startsWith("--locale=")) {
        return resolve(arg.substring("--locale=".length()));
      }
    }
    return resolve(null);
  }

  /**
   * The locale for a person who asked for nothing: English only when the system explicitly asks for
   * English. On Unix that is the first of {@code LC_ALL}, {@code LC_MESSAGES}, {@code LANG} that is
   * set; {@code C}, {@code POSIX} or nothing at all (as on many servers and containers) says
   * nothing about the person, so it stays Spanish. Elsewhere the JVM's locale is the system's
   * choice.
   *
   * @param env environment variables
   * @param osName the {@code os.name} system property
   * @param jvmDefault the JVM's default locale
   * @return {@link Locale#ENGLISH} or {@link #SPANISH_MEXICO}
   */
  public static Locale ofSystem(Map<String, String> env, String osName, Locale jvmDefault) {
    boolean english;
    if (osName != null && osName.startsWith("Windows")) {
      english = jvmDefault.getLanguage().equals("en");
    } else {
      String setting = firstSet(env, "LC_ALL", "LC_MESSAGES", "LANG");
      english = setting != null && setting.startsWith("en");
    }
    return english ? Locale.ENGLISH : SPANISH_MEXICO;
  }

  private static String firstSet(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
