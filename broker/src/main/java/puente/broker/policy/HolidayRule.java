package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

/**
 * A rest day computed per year (P12): a fixed date ({@code month} + {@code day}) or the n-th
 * weekday of a month ({@code month} + {@code weekday} + {@code nth}, {@code nth = -1} for the
 * last), optionally only in years {@code fromYear + k * everyYears} up to {@code untilYear}.
 *
 * @param name what the day is, for operators
 * @param month the month
 * @param day day of month for a fixed date, or 0 for a weekday rule
 * @param weekday the weekday for a weekday rule, or {@code null} for a fixed date
 * @param nth which occurrence of {@code weekday} in the month: 1–5, or -1 for the last
 * @param fromYear first year the rule applies, or {@code null} for always
 * @param untilYear last year the rule applies, or {@code null} for no end
 * @param everyYears the rule applies every this many years counted from {@code fromYear}
 */
public record HolidayRule(
    String name,
    Month month,
    int day,
    DayOfWeek weekday,
    int nth,
    Integer fromYear,
    Integer untilYear,
    int everyYears) {

  /** Validates the rule. */
  public HolidayRule {
    requireNonNull(name, "name");
    requireNonNull(month, "month");
    if ((weekday == null) == (day == 0)) {
      throw new IllegalArgumentException("day/weekday: give exactly one of them");
    }
    if (weekday == null && (day < 1 || day > month.maxLength())) {
      throw new IllegalArgumentException(
          "day: " + day + " (expected: 1–" + month.maxLength() + ")");
    }
    if (weekday != null && (nth == 0 || nth < -1 || nth > 5)) {
      throw new IllegalArgumentException("nth: " + nth + " (expected: 1–5 or -1 for the last)");
    }
    if (everyYears < 1) {
      throw new IllegalArgumentException("everyYears: " + everyYears + " (expected: >= 1)");
    }
    if (everyYears > 1 && fromYear == null) {
      throw new IllegalArgumentException("everyYears: needs fromYear to count from");
    }
  }

  /**
   * A rule for the same date every year.
   *
   * @param name what the day is
   * @param month the month
   * @param day the day of month
   * @return the rule
   */
  public static HolidayRule fixed(String name, Month month, int day) {
    return new HolidayRule(name, month, day, null, 0, null, null, 1);
  }

  /**
   * A rule for the n-th weekday of a month every year.
   *
   * @param name what the day is
   * @param month the month
   * @param weekday the weekday
   * @param nth 1–5, or -1 for the last
   * @return the rule
   */
  public static HolidayRule nthWeekday(String name, Month month, DayOfWeek weekday, int nth) {
    return new HolidayRule(name, month, 0, weekday, nth, null, null, 1);
  }

  /**
   * Returns the rule's date in a year, if it applies that year.
   *
   * @param year the year
   * @return the date, or empty when the rule does not apply in {@code year}
   */
  public Optional<LocalDate> dateIn(int year) {
    if (fromYear != null && (year < fromYear || (year - fromYear) % everyYears != 0)) {
      return Optional.empty();
    }
    if (untilYear != null && year > untilYear) {
      return Optional.empty();
    }
    if (weekday == null) {
      if (day > month.length(Year.isLeap(year))) {
        return Optional.empty(); // 29 February in a common year
      }
      return Optional.of(LocalDate.of(year, month, day));
    }
    LocalDate first = LocalDate.of(year, month, 1);
    LocalDate date =
        nth == -1
            ? first.with(TemporalAdjusters.lastInMonth(weekday))
            : first.with(TemporalAdjusters.dayOfWeekInMonth(nth, weekday));
    return date.getMonth() == month ? Optional.of(date) : Optional.empty();
  }
}
