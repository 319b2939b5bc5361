package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The licence rules: which days a licence entitles its holder to free support (P1–P3, P26).
 *
 * <p>Periods are half-open date ranges {@code [from, until)} in the policy's zone.
 *
 * <ul>
 *   <li>P2: a rental is supported exactly for {@code [startsOn, endsOn)}.
 *   <li>P3: a purchase is supported for {@code purchaseMonths} from acquisition. An update paid
 *       after support ended starts a new period of {@code updateMonths} from its payment date. An
 *       update paid while support still runs follows {@link EarlyUpdate}: by default ({@code
 *       EXTEND}) it adds {@code updateMonths} to the end of the running period, so paying early
 *       never costs the customer days already paid for.
 *   <li>Month arithmetic: "N months from day D" ends after the day before the same day-number N
 *       months later; when that month has no such day (31 Jan + 1 month, 29 Feb + 12 months), the
 *       period runs through the last day of that month. Extensions are counted from the period's
 *       first day, so 29 Feb 2024 + 48 months ends after 28 Feb 2028, not earlier.
 * </ul>
 */
public final class LicenceTerms {

  /** What an update paid while support is still running buys (P3). */
  public enum EarlyUpdate {
    /** Adds the update's months to the end of the running period (default). */
    EXTEND,
    /** Runs from the payment date, as for a late update; the overlap is not added back. */
    FROM_PAYMENT
  }

  /**
   * One supported period.
   *
   * @param from first supported day
   * @param until first day without support
   */
  public record SupportPeriod(LocalDate from, LocalDate until) {}

  private final ZoneId zone;
  private final int purchaseMonths;
  private final int updateMonths;
  private final EarlyUpdate earlyUpdate;

  /**
   * Creates the licence rules.
   *
   * @param zone the zone in which a request instant becomes a calendar date (P1)
   * @param purchaseMonths months of support after acquisition (P3), at least 1
   * @param updateMonths months of support bought by each update (P3), at least 1
   * @param earlyUpdate what an update paid before expiry buys
   */
  public LicenceTerms(ZoneId zone, int purchaseMonths, int updateMonths, EarlyUpdate earlyUpdate) {
    this.zone = requireNonNull(zone, "zone");
    this.earlyUpdate = requireNonNull(earlyUpdate, "earlyUpdate");
    if (purchaseMonths < 1 || updateMonths < 1) {
      throw new IllegalArgumentException(
          "months: " + purchaseMonths + ", " + updateMonths + " (expected: >= 1)");
    }
    this.purchaseMonths = purchaseMonths;
    this.updateMonths = updateMonths;
  }

  /**
   * Returns the supported periods of a licence, in date order, without overlaps.
   *
   * @param licence the licence
   * @return one period for a rental; one or more for a purchase
   */
  public List<SupportPeriod> periods(Licence licence) {
    requireNonNull(licence, "licence");
    if (licence.mode() == LicenceMode.RENTAL) {
      return List.of(new SupportPeriod(licence.startsOn(), licence.endsOn())); // P2
    }
    List<SupportPeriod> periods = new ArrayList<>(2);
    LocalDate anchor = licence.startsOn();
    int months = purchaseMonths;
    LocalDate until = endAfterMonths(anchor, months);
    for (LocalDate paid : licence.paidUpdates().stream().sorted().toList()) {
      if (paid.isBefore(until)) { // P3: paid while still supported
        if (earlyUpdate == EarlyUpdate.EXTEND) {
          months += updateMonths;
          until = endAfterMonths(anchor, months);
        } else {
          LocalDate end = endAfterMonths(paid, updateMonths);
          until = end.isAfter(until) ? end : until;
        }
      } else { // P3, P26: support had ended; the update restarts it from its payment date
        periods.add(new SupportPeriod(anchor, until));
        anchor = paid;
        months = updateMonths;
        until = endAfterMonths(anchor, months);
      }
    }
    periods.add(new SupportPeriod(anchor, until));
    return List.copyOf(periods);
  }

  /**
   * Returns the first day without support after all periods of the licence (P2, P3).
   *
   * @param licence the licence
   * @return the exclusive end of the last supported period
   */
  public LocalDate supportUntil(Licence licence) {
    List<SupportPeriod> periods = periods(licence);
    return periods.get(periods.size() - 1).until();
  }

  /**
   * Returns the licence's standing at an instant, taking its date in the policy's zone (P1).
   *
   * @param licence the licence, or {@code null} for an unknown key
   * @param at the instant of the request
   * @return the standing
   */
  public LicenceStanding standing(Licence licence, Instant at) {
    return standing(licence, LocalDate.ofInstant(requireNonNull(at, "at"), zone));
  }

  /**
   * Returns the licence's standing on a date.
   *
   * @param licence the licence, or {@code null} for an unknown key
   * @param date the date of the request in the policy's zone
   * @return the standing
   */
  public LicenceStanding standing(Licence licence, LocalDate date) {
    requireNonNull(date, "date");
    if (licence == null) {
      return LicenceStanding.UNKNOWN;
    }
    List<SupportPeriod> periods = periods(licence);
    SupportPeriod first = periods.get(0);
    if (date.isBefore(first.from())) {
      return LicenceStanding.of(LicenceStatus.NOT_YET_VALID, first.from(), first.until());
    }
    SupportPeriod last = first;
    for (SupportPeriod p : periods) {
      if (date.isBefore(p.from())) {
        break; // in the gap after `last`
      }
      if (date.isBefore(p.until())) {
        return LicenceStanding.of(LicenceStatus.VALID, p.from(), p.until());
      }
      last = p;
    }
    LicenceStatus expired =
        licence.mode() == LicenceMode.RENTAL
            ? LicenceStatus.EXPIRED_RENTAL
            : LicenceStatus.EXPIRED_PURCHASE;
    return LicenceStanding.of(expired, last.from(), last.until());
  }

  /**
   * Returns the licence's status at an instant, taking its date in the given zone (P1).
   *
   * @param licence the licence, or {@code null} for an unknown key
   * @param at the instant
   * @param zone the zone that turns the instant into a date
   * @return the status
   */
  public LicenceStatus status(Licence licence, Instant at, ZoneId zone) {
    return standing(licence, LocalDate.ofInstant(at, zone)).status();
  }

  /**
   * Returns whether a lost licence may be re-issued: only while it is valid (P26).
   *
   * @param licence the licence, or {@code null} for an unknown key
   * @param at the instant of the request
   * @return {@code true} if the licence is valid at {@code at}
   */
  public boolean mayReissue(Licence licence, Instant at) {
    return standing(licence, at).status().isValid();
  }

  /** Returns the policy zone used to date instants. */
  ZoneId zone() {
    return zone;
  }

  int purchaseMonths() {
    return purchaseMonths;
  }

  int updateMonths() {
    return updateMonths;
  }

  EarlyUpdate earlyUpdate() {
    return earlyUpdate;
  }

  /**
   * Exclusive end of "N months from {@code start}": the same day-number N months later, or the day
   * after the end of that month when it is too short (P3).
   */
  static LocalDate endAfterMonths(LocalDate start, int months) {
    LocalDate same = start.plusMonths(months);
    return same.getDayOfMonth() == start.getDayOfMonth() ? same : same.plusDays(1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LicenceTerms t
        && t.zone.equals(zone)
        && t.purchaseMonths == purchaseMonths
        && t.updateMonths == updateMonths
        && t.earlyUpdate == earlyUpdate;
  }

  @Override
  public int hashCode() {
    return Objects.hash(zone, purchaseMonths, updateMonths, earlyUpdate);
  }

  @Override
  public String toString() {
    return "purchase "
        + purchaseMonths
        + " months, update "
        + updateMonths
        + " months, early "
        + earlyUpdate;
  }
}
