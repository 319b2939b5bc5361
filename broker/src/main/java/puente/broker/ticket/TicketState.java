package puente.broker.ticket;

/** Where a support case is in its life. Stored by name: never rename. */
public enum TicketState {
  /** Received; nobody has worked on it yet. */
  NEW,
  /** An agent is working on it. */
  IN_PROGRESS,
  /** Waiting for information from the customer; the P19 clock runs. */
  WAITING_ON_CUSTOMER,
  /** Handed to a specialist (P15). */
  ESCALATED,
  /** Reproduced and handed to development with a promised release (P23). */
  WAITING_ON_DEVELOPMENT,
  /** Waiting for a third party to deliver; the due clock is stopped (P24). */
  WAITING_ON_THIRD_PARTY,
  /** Closed for good: never reopened (P20). */
  CLOSED;

  /** Whether the case is still open. */
  public boolean isOpen() {
    return this != CLOSED;
  }
}
