package puente.broker.i18n;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import puente.text.TicketStates;

/**
 * The broker's own texts for people (refusals, consent prompts, session ends), in Mexican Spanish
 * first and English. Policy messages come from the policy file instead.
 */
public final class Messages {
  /** The default locale of everything the broker says. */
  public static final Locale SPANISH_MEXICO = Locale.forLanguageTag("es-MX");

  private static final String BUNDLE = "puente.broker.i18n.messages";
  // The base bundle is Spanish; never fall back to the JVM's default locale.
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private Messages() {}

  /**
   * Picks the locale to answer in: English for any {@code en} tag, otherwise es-MX.
   *
   * @param tagOrHeader a BCP 47 tag or an {@code Accept-Language} header; null or blank for the
   *     default
   */
  public static Locale resolve(String tagOrHeader) {
    if (tagOrHeader == null || tagOrHeader.isBlank()) {
      return SPANISH_MEXICO;
    }
    try {
      List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(tagOrHeader);
      for (Locale.LanguageRange range : ranges) {
        String language = range.getRange().split("-")[0];
        if (language.equals("en")) {
          return Locale.ENGLISH;
        }
        if (language.equals("es")) {
          return SPANISH_MEXICO;
        }
      }
    } catch (IllegalArgumentException e) {
      return SPANISH_MEXICO;
    }
    return SPANISH_MEXICO;
  }

  /**
   * A message argument that is itself a message, worded in the same locale (e.g. the name of a
   * ticket state inside a refusal).
   *
   * @param key the message key
   * @param args its arguments
   */
  public record Text(String key, Object... args) {}

  /**
   * A message argument that is a ticket state, worded from the one list staff read everywhere
   * ({@link TicketStates}).
   *
   * @param state the state's name, e.g. {@code WAITING_ON_CUSTOMER}
   */
  public record StateWord(String state) {}

  /**
   * Formats a message.
   *
   * @param locale from {@link #resolve}
   * @param key the message key
   * @param args {@link MessageFormat} arguments
   * @return the text; the key itself if the bundle lacks it (a bug, but never a crash)
   */
  public static String get(Locale locale, String key, Object... args) {
    Locale bundleLocale = locale.getLanguage().equals("en") ? Locale.ENGLISH : Locale.ROOT;
    try {
      String pattern = ResourceBundle.getBundle(BUNDLE, bundleLocale, NO_FALLBACK).getString(key);
      Object[] worded = args.clone();
      for (int i = 0; i < worded.length; i++) {
        if (worded[i] instanceof Text text) {
          worded[i] = get(locale, text.key(), text.args());
        } else if (worded[i] instanceof StateWord word) {
          worded[i] = TicketStates.word(word.state(), locale);
        }
      }
      return new MessageFormat(pattern, locale).format(worded);
    } catch (MissingResourceException e) {
      return key;
    }
  }
}
