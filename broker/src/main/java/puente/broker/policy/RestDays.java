package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Days the office is closed regardless of the weekday (P12): dates computed per year from {@link
 * HolidayRule}s (by default Mexico's statutory rest days, Ley Federal del Trabajo art. 74), plus
 * extra dates an operator adds, minus dates an operator removes.
 */
public final class RestDays {

  private final List<HolidayRule> rules;
  private final Set<LocalDate> extra;
  private final Set<LocalDate> removed;
  private final ConcurrentHashMap<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

  /**
   * Creates the rest-day calendar.
   *
   * @param rules rules computed per year
   * @param extra additional closed dates
   * @param removed dates that stay open even though a rule makes them rest days
   */
  public RestDays(List<HolidayRule> rules, Set<LocalDate> extra, Set<LocalDate> removed) {
    this.rules = List.copyOf(requireNonNull(rules, "rules"));
    this.extra = Set.copyOf(requireNonNull(extra, "extra"));
    this.removed = Set.copyOf(requireNonNull(removed, "removed"));
  }

  /**
   * Returns whether the office is closed all day on a date because it is a rest day.
   *
   * @param date the date
   * @return {@code true} for a rest day
   */
  public boolean isRestDay(LocalDate date) {
    return byYear.computeIfAbsent(date.getYear(), this::compute).contains(date);
  }

  /**
   * Returns every rest day of a year, in order.
   *
   * @param year the year
   * @return the rest days
   */
  public SortedSet<LocalDate> restDaysIn(int year) {
    return new TreeSet<>(byYear.computeIfAbsent(year, this::compute));
  }

  private Set<LocalDate> compute(int year) {
    Set<LocalDate> days = new TreeSet<>();
    for (HolidayRule rule : rules) {
      rule.dateIn(year).ifPresent(days::add);
    }
    for (LocalDate d : extra) {
      if (d.getYear() == year) {
        days.add(d);
      }
    }
    days.removeAll(removed);
    return Set.copyOf(days);
  }

  /** Returns the rules, in policy order. */
  public List<HolidayRule> rules() {
    return rules;
  }

  /** Returns the extra closed dates. */
  public Set<LocalDate> extra() {
    return extra;
  }

  /** Returns the dates removed from the computed rest days. */
  public Set<LocalDate> removed() {
    return removed;
  }
}
