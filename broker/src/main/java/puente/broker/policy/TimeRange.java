package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.LocalTime;

/**
 * Office hours within one day, {@code [start, end)} in local time (P12). An {@code end} of {@code
 * 00:00} means midnight at the end of the day (written {@code 24:00} in the policy file).
 *
 * @param start first open minute
 * @param end first closed minute, or {@link LocalTime#MIDNIGHT} for the end of the day
 */
public record TimeRange(LocalTime start, LocalTime end) {

  /** Checks that the range is not empty. */
  public TimeRange {
    requireNonNull(start, "start");
    requireNonNull(end, "end");
    if (!endsAtMidnight(end) && !end.isAfter(start)) {
      throw new IllegalArgumentException("end: " + end + " (expected: after start " + start + ")");
    }
  }

  /**
   * Returns whether the range runs to the end of the day.
   *
   * @return {@code true} when {@code end} is midnight
   */
  public boolean endsAtEndOfDay() {
    return endsAtMidnight(end);
  }

  private static boolean endsAtMidnight(LocalTime end) {
    return end.equals(LocalTime.MIDNIGHT);
  }

  @Override
  public String toString() {
    return start + "–" + (endsAtEndOfDay() ? "24:00" : end.toString());
  }
}
