package puente.broker.ticket;

import java.util.Arrays;
import java.util.List;

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

  /** The names of the states that are open, or closed, for the store's queries. */
  public static List<String> names(boolean open) {
    return Arrays.stream(values()).filter(s -> s.isOpen() == open).map(Enum::name).toList();
  }
}
