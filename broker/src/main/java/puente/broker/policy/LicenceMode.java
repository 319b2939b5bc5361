package puente.broker.policy;

/** How a customer holds a licence; decides which support period applies (P2, P3). */
public enum LicenceMode {
  /** Rented for a fixed period: support exactly for {@code [startsOn, endsOn)} (P2). */
  RENTAL,
  /** Bought outright: support for a number of months after acquisition and each update (P3). */
  PURCHASE
}
