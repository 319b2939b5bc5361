package puente.broker.http.console;

import java.text.MessageFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import puente.broker.i18n.Messages;
import puente.broker.policy.SupportPolicy;
import puente.broker.ticket.TimelineEntry;
import puente.text.TicketStates;

/**
 * The console's words in one language: Mexican Spanish first, English on request. Times are shown
 * in the policy's zone, as staff read them on the office clock.
 */
public final class Words {
  private static final String BUNDLE = "puente.broker.http.console.console";
  // The base bundle is Spanish; never fall back to the JVM's default locale.
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Locale locale;
  private final ResourceBundle bundle;
  private final ZoneId zone;
  private final SupportPolicy policy;

  private Words(Locale locale, SupportPolicy policy) {
    this.locale = locale;
    this.bundle =
        ResourceBundle.getBundle(
            BUNDLE, locale.getLanguage().equals("en") ? Locale.ENGLISH : Locale.ROOT, NO_FALLBACK);
    this.policy = policy;
    this.zone = policy.zone();
  }

  /** The words for a language tag ({@code en} or anything else for es-MX). */
  static Words of(String tag, SupportPolicy policy) {
    return new Words(Messages.resolve(tag), policy);
  }

  /** {@code es} or {@code en}. */
  public String lang() {
    return locale.getLanguage();
  }

  /** The HTML {@code lang} attribute. */
  public String htmlLang() {
    return lang().equals("en") ? "en" : "es-MX";
  }

  /** A text; the key itself when missing (a bug, never a crash). */
  public String t(String key, Object... args) {
    try {
      String pattern = bundle.getString(key);
      return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  /** A ticket state in the words the agent app and the REST API use too. */
  public String state(Enum<?> state) {
    return TicketStates.word(state.name(), locale);
  }

  /** Who did something on a timeline: staff by user name, the customer and the broker in words. */
  public String actor(String actor) {
    return switch (actor == null ? "" : actor) {
      case "customer" -> t("actor.customer");
      case "broker" -> t("actor.broker");
      default -> actor;
    };
  }

  /** A date and time on the office clock, or a dash. */
  public String when(Instant at) {
    return at == null ? "—" : WHEN.format(at.atZone(zone));
  }

  /** A time of day on the office clock. */
  public String clock(Instant at) {
    return CLOCK.format(at.atZone(zone));
  }

  /**
   * The office clock's zone in words, e.g. "hora de la Ciudad de México": every time the console
   * shows names it, next to the time or in its column's header.
   */
  public String zoneName() {
    String named = t("zone." + zone.getId());
    return named.startsWith("zone.") ? t("zone.other", zone.getId()) : named;
  }

  /** A date and time naming its zone: {@code 02/12/2026 09:15 (hora de la Ciudad de México)}. */
  public String whenZoned(Instant at) {
    return at == null ? "—" : when(at) + " (" + zoneName() + ")";
  }

  /** A time of day naming its zone. */
  public String clockZoned(Instant at) {
    return clock(at) + " (" + zoneName() + ")";
  }

  /**
   * The office calendar's day of an instant, in full: {@code miércoles, 2 de diciembre de 2026}.
   */
  public String day(Instant at) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL)
        .withLocale(lang().equals("en") ? Locale.UK : locale)
        .format(at.atZone(zone));
  }

  /** A ticket's timeline entry as a sentence (see {@link TimelineWords}). */
  public String timeline(TimelineEntry entry) {
    return new TimelineWords(this).sentence(entry);
  }

  /** A column header for times, naming their zone: {@code Cuándo (hora de …)}. */
  public String timeColumn(String key) {
    return t(key) + " (" + zoneName() + ")";
  }

  /** A duration as {@code 1 h 05 min}, {@code 3 min 07 s} or {@code 2 d 4 h}. */
  public String duration(Duration d) {
    if (d == null || d.isNegative()) {
      return "—";
    }
    long s = d.toSeconds();
    if (s >= 86_400) {
      return (s / 86_400) + " d " + (s % 86_400) / 3600 + " h";
    }
    if (s >= 3600) {
      return s / 3600 + " h " + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + " min";
    }
    return s / 60 + " min " + String.format(Locale.ROOT, "%02d", s % 60) + " s";
  }

  /** A byte count as {@code 12.3 MB}. */
  public String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int unit = -1;
    while (v >= 1000 && unit < units.length - 1) {
      v /= 1000;
      unit++;
    }
    return String.format(locale, "%.1f %s", v, units[unit]);
  }

  /** The text with its first letter in lower case, to go inside a sentence. */
  public String lowerFirst(String text) {
    return text.isEmpty() ? text : text.substring(0, 1).toLowerCase(locale) + text.substring(1);
  }

  /**
   * A problem category's name as the policy gives it in this language (P5–P7); the id itself for
   * one the policy no longer lists, and a dash for none.
   */
  public String category(String id) {
    if (id == null || id.isBlank()) {
      return "—";
    }
    return policy
        .category(id)
        .map(c -> c.name(locale.toLanguageTag(), policy.messages().defaultTag()))
        .orElse(id);
  }

  /** A code's words under a prefix; the code itself when the bundle has none. */
  public String word(String prefix, String code) {
    String said = t(prefix + code);
    return said.equals(prefix + code) ? code : said;
  }

  /** A sentence followed by what staff noted, if anything. */
  public String withNote(String sentence, String note) {
    return note == null || note.isBlank() ? sentence : sentence + " " + t("tl.note", note.strip());
  }

  /**
   * A timeline entry's plain sentence, then its detail as written, for a form the console does not
   * know (an older broker's): shown rather than lost.
   *
   * @param args the sentence's arguments, then the detail last
   */
  public String plainThen(String key, Object... args) {
    String detail = String.valueOf(args[args.length - 1]);
    String plain = t(key, Arrays.copyOf(args, args.length - 1));
    return detail.isBlank() ? plain : plain + " (" + detail + ")";
  }
}
