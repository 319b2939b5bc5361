package puente.broker.ticket;

/** How a P16 due time stands at an instant. */
public enum DueStatus {
  /** No due time. */
  NONE,
  /** More than the warning margin left. */
  ON_TIME,
  /** Due within the warning margin of business time. */
  NEAR_DUE,
  /** Past due. */
  OVERDUE,
  /** Stopped while a third party works (P24). */
  PAUSED,
  /** Closed before it fell due. */
  MET
}
