package puente.customer;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.MissingResourceException;
import puente.client.Messages;

/**
 * Times as the customer reads them: in the support policy's zone, with the zone named ("09:00, hora
 * del centro de México"), never in the machine's zone, which may differ from the office's (P12).
 */
final class PolicyTime {
  /** The vendor's default zone, used until the broker names its own. */
  static final ZoneId DEFAULT_ZONE = ZoneId.of("America/Mexico_City");

  private final Messages messages;
  private final ZoneId zone;

  PolicyTime(Messages messages, ZoneId zone) {
    this.messages = requireNonNull(messages, "messages");
    this.zone = requireNonNull(zone, "zone");
  }

  /** The zone the broker named (an IANA id), or the default for an empty or unknown id. */
  static PolicyTime named(Messages messages, String zoneId) {
    if (zoneId == null || zoneId.isBlank()) {
      return new PolicyTime(messages, DEFAULT_ZONE);
    }
    try {
      return new PolicyTime(messages, ZoneId.of(zoneId));
    } catch (DateTimeException e) {
      return new PolicyTime(messages, DEFAULT_ZONE);
    }
  }

  ZoneId zone() {
    return zone;
  }

  /** "14:35, hora del centro de México". */
  String time(Instant instant) {
    return messages.text("time.zoned", hoursMinutes(instant), zoneName());
  }

  /** "lunes 30 de noviembre, 09:00, hora del centro de México". */
  String dateTime(Instant instant) {
    String day =
        DateTimeFormatter.ofPattern(messages.text("time.day_pattern"), messages.locale())
            .withZone(zone)
            .format(instant);
    return messages.text("time.zoned_day", day, hoursMinutes(instant), zoneName());
  }

  /** "09:00" in the policy's zone: how the broker's own messages write a time. */
  String hoursMinutes(Instant instant) {
    return DateTimeFormatter.ofPattern("HH:mm").withZone(zone).format(instant);
  }

  /** The zone's name in the customer's language: the bundle's wording, else Java's. */
  String zoneName() {
    try {
      return messages.text("zone." + zone.getId());
    } catch (MissingResourceException e) {
      return zone.getDisplayName(TextStyle.FULL, messages.locale()) + " (" + zone.getId() + ")";
    }
  }
}
