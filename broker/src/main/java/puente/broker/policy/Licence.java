package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * A customer's licence as the store holds it. Dates are calendar dates in the policy's zone.
 *
 * @param key the licence key
 * @param customerName the customer, for display
 * @param product the product id the licence is for, e.g. {@code contabilidad}
 * @param mode rental or purchase
 * @param startsOn first day of the rental, or the acquisition date of a purchase
 * @param endsOn first day after the rental (exclusive end); {@code null} for a purchase
 * @param paidUpdates payment dates of updates bought for a purchase (P3); ignored for rentals
 */
public record Licence(
    String key,
    String customerName,
    String product,
    LicenceMode mode,
    LocalDate startsOn,
    LocalDate endsOn,
    List<LocalDate> paidUpdates) {

  /** Validates the fields and copies {@code paidUpdates}; a {@code null} list means none. */
  public Licence {
    requireNonNull(key, "key");
    requireNonNull(product, "product");
    requireNonNull(mode, "mode");
    requireNonNull(startsOn, "startsOn");
    customerName = customerName == null ? "" : customerName;
    paidUpdates = paidUpdates == null ? List.of() : List.copyOf(paidUpdates);
    if (mode == LicenceMode.RENTAL) {
      if (endsOn == null) {
        throw new IllegalArgumentException("endsOn: null (expected: a date for a RENTAL)");
      }
      if (!endsOn.isAfter(startsOn)) {
        throw new IllegalArgumentException(
            "endsOn: " + endsOn + " (expected: after startsOn " + startsOn + ")");
      }
    } else if (endsOn != null) {
      throw new IllegalArgumentException("endsOn: " + endsOn + " (expected: null for a PURCHASE)");
    }
  }

  /**
   * Creates a rented licence (P2).
   *
   * @param key the licence key
   * @param customerName the customer
   * @param product the product id
   * @param startsOn first rented day
   * @param endsOn first day after the rental
   * @return the licence
   */
  public static Licence rental(
      String key, String customerName, String product, LocalDate startsOn, LocalDate endsOn) {
    return new Licence(key, customerName, product, LicenceMode.RENTAL, startsOn, endsOn, List.of());
  }

  /**
   * Creates a purchased licence (P3).
   *
   * @param key the licence key
   * @param customerName the customer
   * @param product the product id
   * @param acquiredOn acquisition date
   * @param paidUpdates payment dates of updates, in any order
   * @return the licence
   */
  public static Licence purchase(
      String key,
      String customerName,
      String product,
      LocalDate acquiredOn,
      LocalDate... paidUpdates) {
    return new Licence(
        key, customerName, product, LicenceMode.PURCHASE, acquiredOn, null, List.of(paidUpdates));
  }
}
