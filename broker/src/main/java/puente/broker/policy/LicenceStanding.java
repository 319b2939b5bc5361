package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A licence's support status at one instant, with the date that bounds it.
 *
 * @param status the status
 * @param supportFrom first supported day of the period that applies (for {@code NOT_YET_VALID}:
 *     when support starts); empty for {@code UNKNOWN}
 * @param supportUntil first day without support (exclusive end) of the period that applies: for
 *     {@code VALID} when it ends, for an expired licence when it ended; empty for {@code UNKNOWN}
 */
public record LicenceStanding(
    LicenceStatus status, Optional<LocalDate> supportFrom, Optional<LocalDate> supportUntil) {

  /** The standing of a key the store does not know. */
  public static final LicenceStanding UNKNOWN =
      new LicenceStanding(LicenceStatus.UNKNOWN, Optional.empty(), Optional.empty());

  /** Checks for nulls. */
  public LicenceStanding {
    requireNonNull(status, "status");
    requireNonNull(supportFrom, "supportFrom");
    requireNonNull(supportUntil, "supportUntil");
  }

  static LicenceStanding of(LicenceStatus status, LocalDate from, LocalDate until) {
    return new LicenceStanding(status, Optional.of(from), Optional.of(until));
  }

  /**
   * Returns the last day with support ({@code supportUntil - 1 day}), for messages.
   *
   * @return the last supported day, if known
   */
  public Optional<LocalDate> lastSupportedDay() {
    return supportUntil.map(d -> d.minusDays(1));
  }
}
