package puente.broker.policy;

/** Whether a licence entitles its holder to free support at a given instant (P1–P3, P26). */
public enum LicenceStatus {
  /** Inside a supported period. */
  VALID,
  /** The rental or purchase starts after the instant asked about. */
  NOT_YET_VALID,
  /** The rented period has ended (P2). */
  EXPIRED_RENTAL,
  /** The purchase's support period has ended and no later update was paid (P3, P26). */
  EXPIRED_PURCHASE,
  /** No licence is known for the key given. */
  UNKNOWN;

  /**
   * Returns whether this status entitles the holder to support.
   *
   * @return {@code true} only for {@link #VALID}
   */
  public boolean isValid() {
    return this == VALID;
  }
}
