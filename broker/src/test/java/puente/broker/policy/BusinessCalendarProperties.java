package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of business-time arithmetic (P12, P13, P16, P19), checked on the default Mexico City
 * calendar and on the same hours in a zone with daylight saving.
 */
class BusinessCalendarProperties {

  private static final BusinessCalendar MEXICO = SupportPolicy.defaults().calendar();
  private static final BusinessCalendar NEW_YORK =
      SupportPolicy.parse("zone: America/New_York").calendar();

  @Provide
  Arbitrary<BusinessCalendar> calendars() {
    return Arbitraries.of(MEXICO, NEW_YORK);
  }

  /** Random instants 2024–2031, half of them on or next to an opening or closing edge. */
  @Provide
  Arbitrary<Instant> instants() {
    Arbitrary<Instant> anywhere =
        Arbitraries.longs()
            .between(
                Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("2031-12-31T00:00:00Z").getEpochSecond())
            .map(Instant::ofEpochSecond);
    Arbitrary<Instant> edges =
        Combinators.combine(
                Arbitraries.longs()
                    .between(0, 8 * 366)
                    .map(d -> LocalDate.of(2024, 1, 1).plusDays(d)),
                Arbitraries.of(
                    LocalTime.of(9, 0),
                    LocalTime.of(14, 0),
                    LocalTime.of(15, 0),
                    LocalTime.of(18, 0),
                    LocalTime.MIDNIGHT),
                Arbitraries.of(-1L, 0L, 1L))
            .as(
                (d, t, s) ->
                    LocalDateTime.of(d, t).plusSeconds(s).atZone(TestTimes.MX).toInstant());
    return Arbitraries.oneOf(anywhere, edges);
  }

  private static boolean isClosingInstant(BusinessCalendar c, Instant t) {
    return !c.isOpen(t) && c.isOpen(t.minusNanos(1));
  }

  @Property
  @Label("P16 adding business time lands inside office hours or exactly at a closing instant")
  void p16_landsInsideHoursOrAtClosing(
      @ForAll("calendars") BusinessCalendar c,
      @ForAll("instants") Instant t,
      @ForAll @IntRange(min = 0, max = 120 * 60) int minutes) {
    Instant r = c.plusBusinessTime(t, Duration.ofMinutes(minutes));
    assertThat(c.isOpen(r) || isClosingInstant(c, r)).isTrue();
    assertThat(r).isAfterOrEqualTo(t);
  }

  @Property
  @Label("P16 adding business time then measuring it gives the same amount back")
  void p16_addThenMeasure(
      @ForAll("calendars") BusinessCalendar c,
      @ForAll("instants") Instant t,
      @ForAll @IntRange(min = 0, max = 120 * 60) int minutes) {
    Duration amount = Duration.ofMinutes(minutes);
    assertThat(c.businessTimeBetween(t, c.plusBusinessTime(t, amount))).isEqualTo(amount);
  }

  @Property
  @Label("P16 adding business time is monotonic: h1 <= h2 implies t+h1 <= t+h2")
  void p16_monotonic(
      @ForAll("calendars") BusinessCalendar c,
      @ForAll("instants") Instant t,
      @ForAll @IntRange(min = 0, max = 60 * 60) int m1,
      @ForAll @IntRange(min = 0, max = 60 * 60) int m2) {
    int lo = Math.min(m1, m2);
    int hi = Math.max(m1, m2);
    assertThat(c.plusBusinessTime(t, Duration.ofMinutes(lo)))
        .isBeforeOrEqualTo(c.plusBusinessTime(t, Duration.ofMinutes(hi)));
  }

  @Property
  @Label("P12 the next opening is open and nothing before it (from t) is")
  void p12_nextOpeningIsNeverInsideAClosedPeriod(
      @ForAll("calendars") BusinessCalendar c, @ForAll("instants") Instant t) {
    Instant opening = c.nextOpening(t);
    assertThat(opening).isAfterOrEqualTo(t);
    assertThat(c.isOpen(opening)).isTrue();
    assertThat(c.businessTimeBetween(t, opening)).isEqualTo(Duration.ZERO);
    assertThat(opening.equals(t) || !c.isOpen(opening.minusNanos(1))).isTrue();
  }

  @Property
  @Label("P12 the office stays open from the next opening until the next closing")
  void p12_openUntilNextClosing(
      @ForAll("calendars") BusinessCalendar c, @ForAll("instants") Instant t) {
    Instant opening = c.nextOpening(t);
    Instant closing = c.nextClosing(t);
    assertThat(closing).isAfter(opening);
    assertThat(isClosingInstant(c, closing)).isTrue();
    assertThat(c.businessTimeBetween(opening, closing))
        .isEqualTo(Duration.between(opening, closing));
  }

  @Property
  @Label("P19 adding business days lands on a working day, keeps the time, and is monotonic")
  void p19_plusBusinessDays(
      @ForAll("calendars") BusinessCalendar c,
      @ForAll("instants") Instant t,
      @ForAll @IntRange(min = 1, max = 30) int days) {
    Instant r = c.plusBusinessDays(t, days);
    LocalDateTime start = LocalDateTime.ofInstant(t, c.zone());
    LocalDateTime end = LocalDateTime.ofInstant(r, c.zone());
    assertThat(c.isBusinessDay(end.toLocalDate())).isTrue();
    assertThat(r).isAfter(t);
    assertThat(c.plusBusinessDays(t, days - 1)).isBefore(r);
    long workingDays =
        start
            .toLocalDate()
            .plusDays(1)
            .datesUntil(end.toLocalDate().plusDays(1))
            .filter(c::isBusinessDay)
            .count();
    assertThat(workingDays).isEqualTo(days);
    if (end.toLocalTime().equals(start.toLocalTime())) {
      return; // the usual case; a daylight-saving gap may move the time forward
    }
    assertThat(end.toLocalTime()).isAfter(start.toLocalTime());
  }
}
