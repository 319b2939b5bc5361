package puente.client;

import static java.util.Objects.requireNonNull;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * Localized text for one app: the app's own bundle first, then the shared client bundle ({@code
 * puente/client/messages}). Bundles are UTF-8 {@code .properties} files named {@code
 * messages_es.properties} and {@code messages_en.properties}; patterns use {@link MessageFormat}
 * syntax (so a literal apostrophe is written {@code ''}).
 */
public final class Messages {
  private static final String SHARED_BUNDLE = "puente.client.messages";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final Locale locale;
  private final List<ResourceBundle> bundles;

  private Messages(Locale locale, List<ResourceBundle> bundles) {
    this.locale = locale;
    this.bundles = bundles;
  }

  /**
   * Loads the text for an app.
   *
   * @param appBundle the app's bundle base name, e.g. {@code puente.customer.messages}
   * @param locale a locale from {@link Locales#resolve(String)}
   * @return the messages
   * @throws MissingResourceException if a bundle is missing
   */
  public static Messages load(String appBundle, Locale locale) {
    requireNonNull(appBundle, "appBundle");
    requireNonNull(locale, "locale");
    ClassLoader loader = Messages.class.getClassLoader();
    return new Messages(
        locale,
        List.of(
            ResourceBundle.getBundle(appBundle, locale, loader, NO_FALLBACK),
            ResourceBundle.getBundle(SHARED_BUNDLE, locale, loader, NO_FALLBACK)));
  }

  /**
   * Loads the shared client text alone (words every app uses the same way).
   *
   * @param locale a locale from {@link Locales#resolve(String)}
   * @return the messages
   */
  public static Messages shared(Locale locale) {
    requireNonNull(locale, "locale");
    return new Messages(
        locale,
        List.of(
            ResourceBundle.getBundle(
                SHARED_BUNDLE, locale, Messages.class.getClassLoader(), NO_FALLBACK)));
  }

  /** Returns the locale the text is in. */
  public Locale locale() {
    return locale;
  }

  /**
   * Formats an instant as a date and time in the system's time zone, e.g. {@code 3 mar 2026, 9:00}.
   *
   * @param instant the instant
   * @return the text
   */
  public String dateTime(Instant instant) {
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
        .withLocale(locale)
        .withZone(ZoneId.systemDefault())
        .format(instant);
  }

  /**
   * Formats an instant as a time of day in the system's time zone, e.g. {@code 14:35}.
   *
   * @param instant the instant
   * @return the text
   */
  public String time(Instant instant) {
    return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT)
        .withLocale(locale)
        .withZone(ZoneId.systemDefault())
        .format(instant);
  }

  /**
   * Formats one message.
   *
   * @param key the message key
   * @param args the arguments, each formatted with {@link String#valueOf(Object)} so that numbers
   *     such as ports are never grouped ("7,480")
   * @return the text
   * @throws MissingResourceException if no bundle has the key
   */
  public String text(String key, Object... args) {
    String pattern = pattern(key);
    Object[] strings = Arrays.stream(args).map(String::valueOf).toArray();
    return new MessageFormat(pattern, locale).format(strings);
  }

  private String pattern(String key) {
    for (ResourceBundle bundle : bundles) {
      if (bundle.containsKey(key)) {
        return bundle.getString(key);
      }
    }
    throw new MissingResourceException("no message for key " + key, "Messages", key);
  }
}
