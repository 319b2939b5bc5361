package puente.broker.policy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** Instants written as Mexico City local time, so tests read like the policy. */
final class TestTimes {

  static final ZoneId MX = ZoneId.of("America/Mexico_City");

  private TestTimes() {}

  /** {@code mx("2026-03-10T09:00:00")}: that local time in Mexico City. */
  static Instant mx(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(MX).toInstant();
  }
}
