package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static puente.broker.policy.TestTimes.mx;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("P12 office hours and business time (default calendar)")
class BusinessCalendarTest {

  private final BusinessCalendar calendar = SupportPolicy.defaults().calendar();

  @ParameterizedTest(name = "P12 {0} open={1}")
  @CsvSource({
    // Tuesday 10 March 2026: edges of the morning, the lunch gap and the afternoon.
    "2026-03-10T08:59:59, false",
    "2026-03-10T09:00:00, true",
    "2026-03-10T13:59:59, true",
    "2026-03-10T14:00:00, false",
    "2026-03-10T14:30:00, false",
    "2026-03-10T14:59:59, false",
    "2026-03-10T15:00:00, true",
    "2026-03-10T17:59:59, true",
    "2026-03-10T18:00:00, false",
    "2026-03-10T23:59:59, false",
    "2026-03-10T00:00:00, false",
    // Weekend.
    "2026-03-14T10:00:00, false",
    "2026-03-15T16:00:00, false",
    // Friday before the weekend.
    "2026-03-13T17:59:59, true",
  })
  @DisplayName("P12 open exactly Monday–Friday 09:00–14:00 and 15:00–18:00, Mexico City time")
  void p12_opensOnlyInsideOfficeHours(String local, boolean open) {
    assertThat(calendar.isOpen(mx(local))).isEqualTo(open);
  }

  @ParameterizedTest(name = "P12 {0} → next opening {1}")
  @CsvSource({
    "2026-03-10T08:59:59, 2026-03-10T09:00:00",
    "2026-03-10T09:00:00, 2026-03-10T09:00:00",
    "2026-03-10T14:00:00, 2026-03-10T15:00:00",
    "2026-03-10T18:00:00, 2026-03-11T09:00:00",
    "2026-03-13T18:00:00, 2026-03-17T09:00:00", // Friday evening; Monday 16 March is a holiday
    "2026-03-14T12:00:00, 2026-03-17T09:00:00",
    "2026-12-24T18:00:00, 2026-12-28T09:00:00", // 25 Dec is a Friday
    "2026-12-31T18:30:00, 2027-01-04T09:00:00", // 1 Jan 2027 is a Friday
    "2026-11-27T19:00:00, 2026-11-30T09:00:00",
  })
  @DisplayName("P12 next opening is the instant itself when open, else the next opening")
  void p12_nextOpening(String local, String expected) {
    assertThat(calendar.nextOpening(mx(local))).isEqualTo(mx(expected));
  }

  @ParameterizedTest(name = "P12 {0} → next closing {1}")
  @CsvSource({
    "2026-03-10T09:00:00, 2026-03-10T14:00:00",
    "2026-03-10T13:59:59, 2026-03-10T14:00:00",
    "2026-03-10T14:00:00, 2026-03-10T18:00:00",
    "2026-03-10T17:00:00, 2026-03-10T18:00:00",
    "2026-03-10T18:00:00, 2026-03-11T14:00:00",
  })
  @DisplayName("P12 next closing is the end of the current or next open period")
  void p12_nextClosing(String local, String expected) {
    assertThat(calendar.nextClosing(mx(local))).isEqualTo(mx(expected));
  }

  @ParameterizedTest(name = "P16 {0} + {1}h → {2}")
  @CsvSource({
    "2026-03-10T09:00:00, 1, 2026-03-10T10:00:00",
    "2026-03-10T13:00:00, 1, 2026-03-10T14:00:00", // lands exactly at closing
    "2026-03-10T13:30:00, 1, 2026-03-10T15:30:00", // skips the lunch gap
    "2026-03-10T17:00:00, 1, 2026-03-10T18:00:00",
    "2026-03-10T17:30:00, 1, 2026-03-11T09:30:00",
    "2026-03-10T20:00:00, 1, 2026-03-11T10:00:00",
    "2026-03-10T09:00:00, 8, 2026-03-10T18:00:00", // a full day is 8 business hours
    "2026-03-10T09:00:00, 48, 2026-03-18T18:00:00", // P16 import due date, weekend, holiday
    "2026-03-12T10:00:00, 48, 2026-03-23T10:00:00", // ... and across the 16 March holiday
  })
  @DisplayName("P16 adding business hours skips lunch, nights, weekends and rest days")
  void p16_plusBusinessHours(String start, long hours, String expected) {
    assertThat(calendar.plusBusinessHours(mx(start), hours)).isEqualTo(mx(expected));
    assertThat(calendar.businessTimeBetween(mx(start), mx(expected)))
        .isEqualTo(Duration.ofHours(hours));
  }

  @Test
  @DisplayName("P13 zero business time is the next opening: a night ticket is acked at 09:00")
  void p13_zeroBusinessTimeIsNextOpening() {
    assertThat(calendar.plusBusinessTime(mx("2026-03-10T22:00:00"), Duration.ZERO))
        .isEqualTo(mx("2026-03-11T09:00:00"));
    assertThat(calendar.plusBusinessTime(mx("2026-03-10T10:00:00"), Duration.ZERO))
        .isEqualTo(mx("2026-03-10T10:00:00"));
  }

  @ParameterizedTest(name = "P19 {0} + {1} business days → {2}")
  @CsvSource({
    "2026-03-10T11:00:00, 0, 2026-03-10T11:00:00",
    "2026-03-10T11:00:00, 1, 2026-03-11T11:00:00",
    "2026-03-13T11:00:00, 1, 2026-03-17T11:00:00", // Friday → Tuesday (Monday is a holiday)
    "2026-03-14T20:00:00, 1, 2026-03-17T20:00:00", // from a Saturday
    "2026-03-02T16:00:00, 10, 2026-03-17T16:00:00", // P19 ten business days
  })
  @DisplayName("P19 adding business days keeps the time of day and skips rest days")
  void p19_plusBusinessDays(String start, int days, String expected) {
    assertThat(calendar.plusBusinessDays(mx(start), days)).isEqualTo(mx(expected));
  }

  @Test
  @DisplayName("P12 business time between two instants counts only office time")
  void p12_businessTimeBetween() {
    assertThat(calendar.businessTimeBetween(mx("2026-03-10T08:00:00"), mx("2026-03-10T20:00:00")))
        .isEqualTo(Duration.ofHours(8));
    assertThat(calendar.businessTimeBetween(mx("2026-03-13T17:00:00"), mx("2026-03-17T10:00:00")))
        .isEqualTo(Duration.ofHours(2));
    assertThat(calendar.businessTimeBetween(mx("2026-03-10T20:00:00"), mx("2026-03-10T08:00:00")))
        .isEqualTo(Duration.ofHours(-8));
  }

  @Test
  @DisplayName("P12 negative amounts are rejected")
  void p12_rejectsNegativeAmounts() {
    assertThatThrownBy(() -> calendar.plusBusinessHours(mx("2026-03-10T10:00:00"), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> calendar.plusBusinessDays(mx("2026-03-10T10:00:00"), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("P12 a configurable zone with daylight saving keeps office hours in local time")
  void p12_daylightSavingZone() {
    ZoneId ny = ZoneId.of("America/New_York");
    Map<DayOfWeek, List<TimeRange>> hours =
        Map.of(
            DayOfWeek.SUNDAY,
            List.of(new TimeRange(LocalTime.of(1, 0), LocalTime.of(4, 0))),
            DayOfWeek.MONDAY,
            List.of(new TimeRange(LocalTime.of(9, 0), LocalTime.of(17, 0))));
    BusinessCalendar dst =
        new BusinessCalendar(ny, hours, new RestDays(List.of(), Set.of(), Set.of()));
    // 8 March 2026: clocks jump from 02:00 to 03:00, so Sunday 01:00–04:00 has 2 real hours.
    var sunday = LocalDate.of(2026, 3, 8);
    var open = sunday.atTime(1, 0).atZone(ny).toInstant();
    var close = sunday.atTime(4, 0).atZone(ny).toInstant();
    assertThat(dst.businessTimeBetween(open, close)).isEqualTo(Duration.ofHours(2));
    assertThat(dst.plusBusinessHours(open, 2)).isEqualTo(close);
    assertThat(dst.nextOpening(close))
        .isEqualTo(LocalDate.of(2026, 3, 9).atTime(9, 0).atZone(ny).toInstant());
  }

  @Test
  @DisplayName("P12 ranges that touch, also across midnight, are one open period")
  void p12_touchingRangesMerge() {
    Map<DayOfWeek, List<TimeRange>> hours =
        Map.of(
            DayOfWeek.MONDAY,
            List.of(
                new TimeRange(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                new TimeRange(LocalTime.of(12, 0), LocalTime.MIDNIGHT)),
            DayOfWeek.TUESDAY,
            List.of(new TimeRange(LocalTime.MIDNIGHT, LocalTime.of(2, 0))));
    BusinessCalendar c =
        new BusinessCalendar(TestTimes.MX, hours, new RestDays(List.of(), Set.of(), Set.of()));
    assertThat(c.nextClosing(mx("2026-03-09T10:00:00"))).isEqualTo(mx("2026-03-10T02:00:00"));
    assertThat(c.isOpen(mx("2026-03-10T00:00:00"))).isTrue();
  }

  @Test
  @DisplayName("P12 an office open around the clock is open until at least a week ahead, exactly")
  void p12_officeOpenAroundTheClock() {
    Map<DayOfWeek, List<TimeRange>> hours = new java.util.EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      hours.put(day, List.of(new TimeRange(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)));
    }
    BusinessCalendar c =
        new BusinessCalendar(TestTimes.MX, hours, new RestDays(List.of(), Set.of(), Set.of()));
    java.time.Instant t = mx("2026-03-09T10:00:00");

    assertThat(c.isOpen(t)).isTrue();
    assertThat(c.nextOpening(t)).isEqualTo(t);
    // Not years ahead: merging stops after eight days, and the office is open at that instant.
    assertThat(c.nextClosing(t)).isEqualTo(mx("2026-03-17T00:00:00"));
    assertThat(c.isOpen(mx("2026-03-17T00:00:00"))).isTrue();
    Duration year = Duration.ofDays(400);
    assertThat(c.plusBusinessTime(t, year)).isEqualTo(t.plus(year));
    assertThat(c.businessTimeBetween(t, t.plus(year))).isEqualTo(year);
  }
}
