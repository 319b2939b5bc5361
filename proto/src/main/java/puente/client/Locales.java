package puente.client;

import java.util.Locale;

/** The two locales the apps speak: Mexican Spanish first, English on request. */
public final class Locales {
  /** Mexican Spanish, the default for customers and agents. */
  public static final Locale SPANISH_MEXICO = Locale.forLanguageTag("es-MX");

  private Locales() {}

  /**
   * Picks the supported locale closest to a request.
   *
   * @param tag a BCP 47 tag such as {@code es-MX} or {@code en}; null or blank means the system
   *     default locale
   * @return {@link Locale#ENGLISH} for any English tag, otherwise {@link #SPANISH_MEXICO}
   */
  public static Locale resolve(String tag) {
    Locale requested =
        tag == null || tag.isBlank() ? Locale.getDefault() : Locale.forLanguageTag(tag.trim());
    return requested.getLanguage().equals("en") ? Locale.ENGLISH : SPANISH_MEXICO;
  }
}
