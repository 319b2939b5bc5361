package puente.customer;

import puente.v1.Notice;

/** Which of the broker's notices the helper shows the customer. */
final class Notices {
  private Notices() {}

  /**
   * A notice about the customer's own action (he paused, resumed): the helper already says it in
   * the second person, and the broker's wording is written for staff ("El cliente pausó…").
   */
  static boolean aboutTheCustomersOwnAction(Notice notice) {
    return switch (notice.getKind()) {
      case PAUSED, RESUMED -> true;
      default -> false;
    };
  }
}
