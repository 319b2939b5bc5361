package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Customer-facing messages per language tag, from the policy file. es-MX comes first; a request
 * locale resolves to the configured tag with the same full tag, else the same language ({@code
 * en-GB} → {@code en}), else the default tag ({@code fr} → {@code es-MX}).
 */
public final class Messages {

  /** Template keys every configured language must define. */
  static final List<String> TEMPLATE_KEYS =
      List.of(
          "licence.unknown",
          "licence.notYetValid",
          "licence.expiredRental",
          "licence.expiredPurchase",
          "licence.productMismatch",
          "version.outdated",
          "version.unsupported",
          "version.unreadable",
          "version.unknownProduct",
          "category.unknown",
          "category.outOfScope",
          "office.closed",
          "office.closingWarning",
          "decision.allowed",
          "decision.allowedAdvisory",
          "decision.refusedNext");

  /** {@link DateTimeFormatter} pattern keys every configured language must define. */
  static final List<String> FORMAT_KEYS = List.of("format.dateTime", "format.date", "format.time");

  /** Placeholder names templates may use. */
  static final Set<String> PLACEHOLDERS =
      Set.of(
          "licenceKey",
          "customerName",
          "licenceProduct",
          "product",
          "supportFrom",
          "lastSupportedDay",
          "installedVersion",
          "currentRelease",
          "updateUrl",
          "selfHelpUrl",
          "category",
          "categoryName",
          "nextOpening",
          "closesAt");

  /** One language's templates and formats. */
  record Bundle(
      String tag,
      Locale locale,
      Map<String, MessageTemplate> templates,
      Map<String, String> patterns,
      DateTimeFormatter dateTime,
      DateTimeFormatter date,
      DateTimeFormatter time) {

    String render(String key, Map<String, String> values) {
      return templates.get(key).render(values);
    }
  }

  private final String defaultTag;
  private final Map<String, Bundle> bundles;

  Messages(String defaultTag, Map<String, Bundle> bundles) {
    this.defaultTag = requireNonNull(defaultTag, "defaultTag");
    if (!bundles.containsKey(defaultTag)) {
      throw new IllegalArgumentException("no messages for the default locale " + defaultTag);
    }
    this.bundles = new LinkedHashMap<>();
    this.bundles.put(defaultTag, bundles.get(defaultTag)); // default first
    this.bundles.putAll(bundles);
  }

  static Bundle bundle(String tag, Map<String, MessageTemplate> templates, Map<String, String> p) {
    Locale locale = Locale.forLanguageTag(tag);
    return new Bundle(
        tag,
        locale,
        Map.copyOf(templates),
        Map.copyOf(p),
        DateTimeFormatter.ofPattern(p.get("format.dateTime"), locale),
        DateTimeFormatter.ofPattern(p.get("format.date"), locale),
        DateTimeFormatter.ofPattern(p.get("format.time"), locale));
  }

  /**
   * Returns the configured language tag used for a request locale.
   *
   * @param locale the customer's locale; {@code null} means the default
   * @return a configured tag, e.g. {@code es-MX} or {@code en}
   */
  public String resolveTag(Locale locale) {
    if (locale == null) {
      return defaultTag;
    }
    String tag = locale.toLanguageTag();
    if (bundles.containsKey(tag)) {
      return tag;
    }
    String language = locale.getLanguage();
    if (Locale.forLanguageTag(defaultTag).getLanguage().equals(language)) {
      return defaultTag; // es-AR → es-MX before any other Spanish
    }
    for (Bundle b : bundles.values()) {
      if (b.locale().getLanguage().equals(language)) {
        return b.tag();
      }
    }
    return defaultTag;
  }

  /**
   * Renders one message.
   *
   * @param locale the customer's locale
   * @param key a message key, e.g. {@code office.closed}
   * @param values placeholder values
   * @return the text in the resolved language
   */
  public String render(Locale locale, String key, Map<String, String> values) {
    return bundle(resolveTag(locale)).render(key, values);
  }

  /**
   * Formats an instant's local date and time the way messages show it, e.g. "lunes 30 de noviembre
   * a las 09:00".
   *
   * @param locale the customer's locale
   * @param when the date and time, already in the policy's zone
   * @return the formatted text
   */
  public String formatDateTime(Locale locale, ZonedDateTime when) {
    return bundle(resolveTag(locale)).dateTime().format(when);
  }

  /**
   * Formats a date the way messages show it, e.g. "30 de enero de 2026".
   *
   * @param locale the customer's locale
   * @param date the date
   * @return the formatted text
   */
  public String formatDate(Locale locale, LocalDate date) {
    return bundle(resolveTag(locale)).date().format(date);
  }

  Bundle bundle(String tag) {
    return bundles.get(tag);
  }

  /** Returns the default language tag. */
  public String defaultTag() {
    return defaultTag;
  }

  /** Returns the configured language tags, default first. */
  public Set<String> tags() {
    return Collections.unmodifiableSet(bundles.keySet());
  }
}
