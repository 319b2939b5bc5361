package puente.broker.http.console;

import puente.broker.auth.Agent;
import puente.broker.auth.Role;

/**
 * The member of staff behind a console request, checked against the database on this request.
 *
 * @param agent who they are and their role now
 * @param csrf the token every form of theirs must send back
 */
public record Staff(Agent agent, String csrf) {
  /** Whether they may see every live session. */
  public boolean supervises() {
    return agent.role() == Role.SUPERVISOR;
  }
}
