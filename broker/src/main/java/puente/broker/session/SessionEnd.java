package puente.broker.session;

import puente.v1.EndReason;
import puente.v1.Refusal;

/** The one end path of a session, as the helpers that may end one see it. */
@FunctionalInterface
interface SessionEnd {
  /**
   * Ends a session for everyone. Idempotent.
   *
   * @param actor who or what ended it, for the ticket
   * @param customerRefusal the refusal to show the customer, or null
   */
  void end(LiveSession session, EndReason reason, String actor, Refusal customerRefusal);
}
