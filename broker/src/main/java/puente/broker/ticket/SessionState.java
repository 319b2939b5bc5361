package puente.broker.ticket;

import java.util.Arrays;
import java.util.List;

/** Where a session logged on a ticket is in its life. Stored by name: never rename. */
public enum SessionState {
  /** Registered; no agent has opened it yet. */
  WAITING,
  /** An agent opened it and the customer is being asked. */
  CONSENT,
  /** Relaying. */
  ACTIVE,
  /** Over. */
  ENDED,
  /** Over because a rule refused it. */
  REFUSED;

  /** Whether the session is not finished yet; found at start-up, such a session was cut. */
  public boolean isLive() {
    return this == WAITING || this == CONSENT || this == ACTIVE;
  }

  /**
   * The state a session ends in.
   *
   * @param refusalReason the rule's reason when a rule refused the session, or null
   * @return REFUSED for a refusal, ENDED for every other end
   */
  public static SessionState endedWith(String refusalReason) {
    return refusalReason == null ? ENDED : REFUSED;
  }

  /** The names of the states that are live, or finished, for the store's queries. */
  public static List<String> names(boolean live) {
    return Arrays.stream(values()).filter(s -> s.isLive() == live).map(Enum::name).toList();
  }
}
