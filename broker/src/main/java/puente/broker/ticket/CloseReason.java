package puente.broker.ticket;

/** Why a case was closed. Stored by name: never rename. */
public enum CloseReason {
  /** The responsible agent and the customer agree it is solved (P19). */
  SOLVED_BY_AGREEMENT,
  /** No answer for the silence period despite the contact attempts (P19). */
  NO_RESPONSE,
  /** Another ticket covers the same case (P21). */
  DUPLICATE,
  /** The customer withdrew the request. */
  WITHDRAWN
}
