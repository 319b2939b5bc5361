package puente.agent;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import puente.client.Messages;

/**
 * How the agent app writes a moment: always in one named zone, never the machine's unlabelled. The
 * zone is the support policy's (America/Mexico_City, P12) unless the agent asks for another with
 * {@code --zone}; {@code --zone local} is the machine's own, named too.
 */
public final class TimeText {
  /** The zone of the vendor's default policy (P12): the support centre's clock. */
  public static final ZoneId POLICY_ZONE = ZoneId.of("America/Mexico_City");

  private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

  private final Messages messages;
  private final ZoneId zone;

  /**
   * Times for one reader.
   *
   * @param messages the reader's language (for the zone's name)
   * @param zone the zone every time is written in
   */
  public TimeText(Messages messages, ZoneId zone) {
    this.messages = requireNonNull(messages, "messages");
    this.zone = requireNonNull(zone, "zone");
  }

  /**
   * Reads a {@code --zone} value.
   *
   * @param text a zone id such as {@code America/Tijuana}, {@code local} for the machine's zone, or
   *     null/blank for the policy's zone
   * @return the zone
   * @throws IllegalArgumentException naming the value if it is not a zone
   */
  public static ZoneId zone(String text) {
    if (text == null || text.isBlank()) {
      return POLICY_ZONE;
    }
    if (text.strip().equalsIgnoreCase("local")) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(text.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "--zone: " + text + " (expected: a zone such as America/Mexico_City, or local)", e);
    }
  }

  /** The zone times are written in. */
  public ZoneId zoneId() {
    return zone;
  }

  /**
   * The zone's name for a reader: "Ciudad de México" for the policy's zone, otherwise its id.
   *
   * @return e.g. {@code Ciudad de México}, {@code Mexico City} or {@code Europe/Madrid}
   */
  public String zoneName() {
    return zone.equals(POLICY_ZONE) ? messages.text("zone.policy") : zone.getId();
  }

  /**
   * A date and time with its zone, e.g. {@code 2 dic 2026, 9:00 (hora de Ciudad de México)}.
   *
   * @param at the moment
   * @return the text
   */
  public String dateTime(Instant at) {
    String local =
        DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withLocale(messages.locale())
            .withZone(zone)
            .format(at);
    return messages.text("zone.at", local, zoneName());
  }

  /**
   * A compact date and time with its zone, for lists: {@code 02/12/2026 09:00 (Ciudad de México)}.
   *
   * @param at the moment
   * @return the text
   */
  public String compact(Instant at) {
    return messages.text("zone.at.compact", clock(at), zoneName());
  }

  /**
   * A compact date and time without the zone, for columns under a heading that names it.
   *
   * @param at the moment
   * @return e.g. {@code 02/12/2026 09:00}
   */
  public String clock(Instant at) {
    return COMPACT.format(at.atZone(zone));
  }
}
