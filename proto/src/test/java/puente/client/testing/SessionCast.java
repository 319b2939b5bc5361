package puente.client.testing;

import puente.v1.Participant;
import puente.v1.ParticipantsChanged;

/**
 * The people of an escalated session in the apps' tests: the customer, Ana holding control, Sofía.
 */
public final class SessionCast {
  private SessionCast() {}

  /**
   * Who is in the session.
   *
   * @return the customer, Ana López (agent, holds control) and Sofía Méndez (specialist)
   */
  public static ParticipantsChanged participants() {
    return ParticipantsChanged.newBuilder()
        .addParticipants(person("customer", "Contadores del Bajío", "customer", false))
        .addParticipants(person("ana", "Ana López", "agent", true))
        .addParticipants(person("sofia", "Sofía Méndez", "specialist", false))
        .build();
  }

  private static Participant person(String id, String name, String role, boolean control) {
    return Participant.newBuilder()
        .setId(id)
        .setDisplayName(name)
        .setRole(role)
        .setHasControl(control)
        .build();
  }
}
