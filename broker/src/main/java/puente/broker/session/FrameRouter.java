package puente.broker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import puente.broker.auth.Agent;
import puente.broker.relay.Link;
import puente.v1.AgentEvent;
import puente.v1.ChatMessage;
import puente.v1.HelperEvent;
import puente.v1.RelayFrame;

/**
 * Routes data-plane frames within a session and applies backpressure: the sender's next frame is
 * requested only when every receiver of this one can take more. The broker checks every frame:
 * nothing moves before consent, and tunnel frames move only between the customer and the member
 * who holds control.
 */
public final class FrameRouter {
  private final SessionService sessions;

  /** A router reporting refusals through the session service. */
  public FrameRouter(SessionService sessions) {
    this.sessions = sessions;
  }

  /** A frame from the customer's helper. */
  public void fromCustomer(LiveSession session, RelayFrame frame) {
    Link<HelperEvent> helper = session.helper();
    if (session.state() != LiveSession.State.ACTIVE) {
      sessions.relayRefused(session, SessionService.CUSTOMER, "BEFORE_CONSENT");
      helper.requestNext();
      return;
    }
    switch (frame.getKindCase()) {
      case TUNNEL -> {
        LiveSession.Member controller = session.controller();
        if (controller == null) {
          sessions.relayRefused(session, SessionService.CUSTOMER, "NO_CONTROLLER");
          helper.requestNext();
          return;
        }
        int bytes = frame.getTunnel().getData().size();
        session.bytesToAgent.addAndGet(bytes);
        sessions.metrics().relayedToAgent(bytes);
        controller.link().send(AgentEvent.newBuilder().setRelay(frame).build());
        controller.link().whenReady(helper::requestNext);
      }
      case CHAT -> {
        RelayFrame stamped = stampChat(frame, SessionService.CUSTOMER);
        List<Link<?>> targets = new ArrayList<>();
        for (LiveSession.Member member : session.members()) {
          member.link().send(AgentEvent.newBuilder().setRelay(stamped).build());
          targets.add(member.link());
        }
        whenAllReady(targets, helper::requestNext);
      }
      default -> helper.requestNext();
    }
  }

  /** A frame from a member of staff. */
  public void fromMember(LiveSession session, Agent agent, RelayFrame frame) {
    LiveSession.Member self = session.member(agent.username());
    if (self == null) {
      return;
    }
    Link<HelperEvent> helper = session.helper();
    if (session.state() != LiveSession.State.ACTIVE || helper == null) {
      self.link().requestNext();
      return;
    }
    switch (frame.getKindCase()) {
      case TUNNEL -> {
        if (!session.hasControl(agent.username())) {
          sessions.relayRefused(session, agent.username(), "NO_CONTROL");
          self.link().requestNext();
          return;
        }
        int bytes = frame.getTunnel().getData().size();
        session.bytesToCustomer.addAndGet(bytes);
        sessions.metrics().relayedToCustomer(bytes);
        helper.send(HelperEvent.newBuilder().setRelay(frame).build());
        helper.whenReady(self.link()::requestNext);
      }
      case CHAT -> {
        RelayFrame stamped = stampChat(frame, agent.displayName());
        List<Link<?>> targets = new ArrayList<>();
        helper.send(HelperEvent.newBuilder().setRelay(stamped).build());
        targets.add(helper);
        for (LiveSession.Member member : session.members()) {
          if (member != self) {
            member.link().send(AgentEvent.newBuilder().setRelay(stamped).build());
            targets.add(member.link());
          }
        }
        whenAllReady(targets, self.link()::requestNext);
      }
      default -> self.link().requestNext();
    }
  }

  /** The broker, not the client, says who wrote a chat line. */
  private static RelayFrame stampChat(RelayFrame frame, String from) {
    return RelayFrame.newBuilder()
        .setChat(ChatMessage.newBuilder().setFrom(from).setText(frame.getChat().getText()))
        .build();
  }

  private static void whenAllReady(List<Link<?>> links, Runnable action) {
    if (links.isEmpty()) {
      action.run();
      return;
    }
    AtomicInteger pending = new AtomicInteger(links.size());
    for (Link<?> link : links) {
      link.whenReady(
          () -> {
            if (pending.decrementAndGet() == 0) {
              action.run();
            }
          });
    }
  }
}
