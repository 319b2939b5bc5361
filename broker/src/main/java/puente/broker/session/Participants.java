package puente.broker.session;

import puente.broker.relay.Link;
import puente.v1.AgentEvent;
import puente.v1.HelperEvent;
import puente.v1.Participant;
import puente.v1.ParticipantsChanged;

/** Tells everyone in a session who is connected: the customer first, then staff. */
final class Participants {
  private Participants() {}

  static void broadcast(LiveSession session) {
    ParticipantsChanged changed = list(session);
    Link<HelperEvent> helper = session.helper();
    if (helper != null) {
      helper.send(HelperEvent.newBuilder().setParticipants(changed).build());
    }
    for (Member member : session.members()) {
      member.link().send(AgentEvent.newBuilder().setParticipants(changed).build());
    }
  }

  /** Everyone in the session now, the customer first, then staff in order of joining. */
  static ParticipantsChanged list(LiveSession session) {
    ParticipantsChanged.Builder list = ParticipantsChanged.newBuilder();
    list.addParticipants(
        Participant.newBuilder()
            .setId(Actors.CUSTOMER)
            .setDisplayName(session.registration().customerName())
            .setRole(Actors.CUSTOMER));
    synchronized (session) {
      for (Member member : session.members()) {
        list.addParticipants(
            Participant.newBuilder()
                .setId(member.agent().username())
                .setDisplayName(member.agent().displayName())
                .setRole(member.agent().role().wireName())
                .setHasControl(session.hasControl(member.agent().username()))
                .setJoinedAt(Events.timestamp(member.joinedAt())));
      }
    }
    return list.build();
  }
}
