package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Office hours and business-time arithmetic (P12, P13, P16, P19).
 *
 * <p>The office is open during the {@link TimeRange}s of each weekday, in local time of the
 * calendar's zone, except on {@link RestDays}. Open periods are half-open: open at 09:00:00, closed
 * at 14:00:00. Ranges that touch (also across midnight) form one open period. All methods take
 * explicit instants, so callers pass {@code clock.instant()} and tests pass fixed values. Local
 * times that fall in a daylight-saving gap move forward to the first valid instant.
 */
public final class BusinessCalendar {

  /** How far ahead to look for an opening before giving up (a calendar that never opens). */
  private static final int SEARCH_DAYS = 3660;

  /**
   * How many days of touching ranges make one open period at most. Every weekly schedule that
   * closes at all closes within a week and a day; an office open around the clock is treated as
   * open until at least then, instead of merging years of days on every decision.
   */
  private static final int MERGE_DAYS = 8;

  private final ZoneId zone;
  private final Map<DayOfWeek, List<TimeRange>> hours;
  private final RestDays restDays;

  /**
   * Creates a calendar.
   *
   * @param zone the zone the office hours are given in
   * @param hours open ranges per weekday, each list sorted and non-overlapping; missing days are
   *     closed; at least one day must have a range
   * @param restDays the days closed all day
   * @throws IllegalArgumentException if no weekday has office hours or ranges overlap
   */
  public BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<TimeRange>> hours, RestDays restDays) {
    this.zone = requireNonNull(zone, "zone");
    this.restDays = requireNonNull(restDays, "restDays");
    EnumMap<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      List<TimeRange> ranges = List.copyOf(hours.getOrDefault(day, List.of()));
      for (int i = 1; i < ranges.size(); i++) {
        TimeRange prev = ranges.get(i - 1);
        if (prev.endsAtEndOfDay() || ranges.get(i).start().isBefore(prev.end())) {
          throw new IllegalArgumentException(
              day + ": " + ranges.get(i) + " (expected: after " + prev + ")");
        }
      }
      copy.put(day, ranges);
    }
    if (copy.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("hours: no weekday has office hours");
    }
    this.hours = copy;
  }

  /** One open period {@code [start, end)}. */
  private record Period(Instant start, Instant end) {}

  /**
   * Returns whether the office is open at an instant (P12).
   *
   * @param t the instant
   * @return {@code true} if {@code t} is inside office hours on a working day
   */
  public boolean isOpen(Instant t) {
    return !periodAtOrAfter(t).start().isAfter(t);
  }

  /**
   * Returns the first instant at or after {@code t} at which the office is open: {@code t} itself
   * when it is open, otherwise the next opening (P12, P13).
   *
   * @param t the instant
   * @return the next open instant, never inside a closed period
   */
  public Instant nextOpening(Instant t) {
    Period p = periodAtOrAfter(t);
    return p.start().isAfter(t) ? p.start() : t;
  }

  /**
   * Returns when the office next closes: the end of the open period containing {@code t}, or when
   * {@code t} is closed, the end of the next open period (P12). For an office that stays open more
   * than eight days in a row (open around the clock), the end of the eighth day counted from the
   * day the open period began: it is open until at least then.
   *
   * @param t the instant
   * @return the next closing instant, always after {@code t}
   */
  public Instant nextClosing(Instant t) {
    return periodAtOrAfter(t).end();
  }

  /**
   * Adds business time: the earliest instant by which {@code amount} of office time has elapsed
   * after {@code t} (P16). The result is inside office hours or exactly at a closing instant (48
   * business hours may fall due at 18:00). For a zero amount the result is {@link
   * #nextOpening(Instant)}, e.g. when a ticket received at night is acknowledged (P13).
   *
   * @param t the start instant
   * @param amount business time to add, not negative
   * @return the instant the business time has elapsed
   */
  public Instant plusBusinessTime(Instant t, Duration amount) {
    requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount: " + amount + " (expected: >= 0)");
    }
    if (amount.isZero()) {
      return nextOpening(t);
    }
    Duration remaining = amount;
    Instant cursor = t;
    while (true) {
      Period p = periodAtOrAfter(cursor);
      Instant from = p.start().isAfter(cursor) ? p.start() : cursor;
      Duration available = Duration.between(from, p.end());
      if (remaining.compareTo(available) <= 0) {
        return from.plus(remaining);
      }
      remaining = remaining.minus(available);
      cursor = p.end();
    }
  }

  /**
   * Adds whole business hours; see {@link #plusBusinessTime(Instant, Duration)} (P16).
   *
   * @param t the start instant
   * @param hours business hours to add, not negative
   * @return the instant the business hours have elapsed
   */
  public Instant plusBusinessHours(Instant t, long hours) {
    return plusBusinessTime(t, Duration.ofHours(hours));
  }

  /**
   * Adds business days (P19): the same local time of day on the {@code days}-th working day (a
   * weekday with office hours that is not a rest day) after the local date of {@code t}. Friday
   * 11:00 plus one business day is Monday 11:00 (or Tuesday after a Monday holiday).
   *
   * @param t the start instant
   * @param days working days to add, not negative; 0 returns {@code t}
   * @return the instant on the target day
   */
  public Instant plusBusinessDays(Instant t, int days) {
    if (days < 0) {
      throw new IllegalArgumentException("days: " + days + " (expected: >= 0)");
    }
    LocalDateTime local = LocalDateTime.ofInstant(requireNonNull(t, "t"), zone);
    LocalDate date = local.toLocalDate();
    for (int counted = 0; counted < days; ) {
      date = date.plusDays(1);
      if (isBusinessDay(date)) {
        counted++;
      }
    }
    return days == 0 ? t : ZonedDateTime.of(date, local.toLocalTime(), zone).toInstant();
  }

  /**
   * Returns the office time between two instants (P16, P18). Antisymmetric: negative when {@code
   * to} is before {@code from}.
   *
   * @param from the first instant
   * @param to the second instant
   * @return the business time in {@code [from, to)}
   */
  public Duration businessTimeBetween(Instant from, Instant to) {
    if (to.isBefore(from)) {
      return businessTimeBetween(to, from).negated();
    }
    Duration total = Duration.ZERO;
    Instant cursor = from;
    while (cursor.isBefore(to)) {
      Period p = periodAtOrAfter(cursor);
      Instant start = p.start().isAfter(cursor) ? p.start() : cursor;
      if (!start.isBefore(to)) {
        break;
      }
      Instant end = p.end().isAfter(to) ? to : p.end();
      total = total.plus(Duration.between(start, end));
      cursor = end;
    }
    return total;
  }

  /**
   * Returns whether a date is a working day: its weekday has office hours and it is not a rest day
   * (P12).
   *
   * @param date the date
   * @return {@code true} for a working day
   */
  public boolean isBusinessDay(LocalDate date) {
    return !hours.get(date.getDayOfWeek()).isEmpty() && !restDays.isRestDay(date);
  }

  /** Returns the zone the office hours are given in. */
  public ZoneId zone() {
    return zone;
  }

  /** Returns the office hours per weekday (every weekday present, closed days empty). */
  public Map<DayOfWeek, List<TimeRange>> hours() {
    return hours;
  }

  /** Returns the rest days. */
  public RestDays restDays() {
    return restDays;
  }

  /**
   * The open period containing {@code t}, or the first one after it, with touching ranges merged so
   * that a period's end is a real closing, or the end of {@link #MERGE_DAYS} days open in a row.
   */
  private Period periodAtOrAfter(Instant t) {
    requireNonNull(t, "t");
    LocalDate date = LocalDate.ofInstant(t, zone);
    Period found = null;
    LocalDate lastMerged = null;
    for (int i = 0; i <= SEARCH_DAYS; i++, date = date.plusDays(1)) {
      if (!isBusinessDay(date)) {
        if (found != null) {
          return found;
        }
        continue;
      }
      for (TimeRange r : hours.get(date.getDayOfWeek())) {
        Instant start = ZonedDateTime.of(date, r.start(), zone).toInstant();
        Instant end =
            r.endsAtEndOfDay()
                ? date.plusDays(1).atStartOfDay(zone).toInstant()
                : ZonedDateTime.of(date, r.end(), zone).toInstant();
        if (!end.isAfter(start)) {
          continue; // swallowed by a daylight-saving gap
        }
        if (found == null) {
          if (end.isAfter(t)) {
            found = new Period(start, end);
            lastMerged = date.plusDays(MERGE_DAYS - 1);
          }
        } else if (start.equals(found.end())) {
          found = new Period(found.start(), end);
        } else {
          return found;
        }
      }
      if (found != null && (!endsAtMidnight(date) || !date.isBefore(lastMerged))) {
        return found;
      }
    }
    if (found != null) {
      return found;
    }
    throw new IllegalStateException(
        "the office does not open within " + SEARCH_DAYS + " days after " + t);
  }

  private boolean endsAtMidnight(LocalDate date) {
    List<TimeRange> ranges = hours.get(date.getDayOfWeek());
    return !ranges.isEmpty() && ranges.get(ranges.size() - 1).endsAtEndOfDay();
  }

  @Override
  public String toString() {
    return "BusinessCalendar{" + zone + ", " + hours + "}";
  }
}
