package puente.broker.session;

/** Who did something, as the ticket's timeline names those who are not staff. */
final class Actors {
  /** The customer, through the helper. */
  static final String CUSTOMER = "customer";

  /** The broker itself: a timeout, a stop, a dropped viewer. */
  static final String BROKER = "broker";

  private Actors() {}
}
