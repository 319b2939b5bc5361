package puente.broker.ticket;

/** What came of a contact with the customer (P19). */
public enum ContactOutcome {
  /** Staff could not reach the customer: one of the attempts P19 asks for. */
  NO_ANSWER,
  /** Staff reached the customer: the silence clock stops. */
  REACHED,
  /** The customer got in touch: the silence clock stops. */
  CUSTOMER_GOT_IN_TOUCH
}
