package puente.broker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import puente.broker.auth.Agent;
import puente.broker.i18n.Messages;
import puente.broker.relay.DataPlane;
import puente.broker.relay.LanePair;
import puente.broker.relay.Link;
import puente.client.Tunnel;
import puente.v1.AgentEvent;
import puente.v1.ChatMessage;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.RelayFrame;
import puente.v1.ScreenRequest;
import puente.v1.TunnelFrame;

/**
 * Routes data-plane frames within a session and applies backpressure. The broker checks every
 * frame: nothing moves before consent; tunnel, input and clipboard move only between the customer
 * and the member who holds control; nothing but tunnel bytes moves while the customer has paused.
 *
 * <p>Tunnel frames only open and close channels: for each channel the holder opens, the router
 * issues a pair of lanes on the {@link DataPlane}, which carries the bytes. Lanes close when the
 * channel closes, when control moves, and when the session ends. Frames are never dropped: the
 * sender's next frame is requested only once the receiver can take more. Screen frames fan out to
 * every viewer; a viewer that falls behind skips frames, gets a full frame once it drains, and is
 * dropped if it stays stalled, so that it never holds back the customer or the other viewers.
 */
public final class FrameRouter {
  private final SessionService sessions;
  private final Redactor redactor;
  private final DataPlane dataPlane;

  /**
   * A router reporting refusals through the session service.
   *
   * @param redactor masks secrets in chat (P11)
   * @param dataPlane carries the tunnel channels' bytes
   */
  public FrameRouter(SessionService sessions, Redactor redactor, DataPlane dataPlane) {
    this.sessions = sessions;
    this.redactor = redactor;
    this.dataPlane = dataPlane;
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
      case TUNNEL, CLIPBOARD -> {
        LiveSession.Member controller = session.controller();
        if (controller == null || (frame.hasClipboard() && session.paused())) {
          sessions.relayRefused(session, SessionService.CUSTOMER, "NO_CONTROLLER");
          helper.requestNext();
          return;
        }
        if (frame.hasTunnel()) {
          TunnelFrame tunnel = frame.getTunnel();
          if (!tunnel.hasOpened() && !tunnel.hasClose()) {
            sessions.relayRefused(session, SessionService.CUSTOMER, "NOT_FROM_CUSTOMER");
            helper.requestNext();
            return;
          }
          if (tunnel.hasClose()) {
            session.closeLane(tunnel.getChannel());
          }
        }
        controller.link().send(AgentEvent.newBuilder().setRelay(frame).build());
        controller.link().whenReady(helper::requestNext);
      }
      case SCREEN -> {
        if (session.paused()) {
          sessions.relayRefused(session, SessionService.CUSTOMER, "PAUSED");
          helper.requestNext();
          return;
        }
        fanOutScreen(session, frame);
      }
      case CHAT -> {
        RelayFrame stamped = stampChat(session, frame, SessionService.CUSTOMER);
        List<Link<?>> targets = new ArrayList<>();
        for (LiveSession.Member member : session.members()) {
          member.link().send(AgentEvent.newBuilder().setRelay(stamped).build());
          targets.add(member.link());
        }
        whenAllReady(targets, helper::requestNext);
      }
      default -> {
        sessions.relayRefused(session, SessionService.CUSTOMER, "NOT_FROM_CUSTOMER");
        helper.requestNext();
      }
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
      case TUNNEL, INPUT, CLIPBOARD -> {
        boolean blockedByPause = !frame.hasTunnel() && session.paused();
        if (!session.hasControl(agent.username()) || blockedByPause) {
          refuse(session, self, blockedByPause ? "PAUSED" : "NO_CONTROL");
          return;
        }
        RelayFrame toHelper = frame.hasTunnel() ? tunnelFromHolder(session, self, frame) : frame;
        if (toHelper == null) {
          return;
        }
        helper.send(HelperEvent.newBuilder().setRelay(toHelper).build());
        helper.whenReady(self.link()::requestNext);
      }
      case SCREEN_REQUEST -> {
        helper.send(HelperEvent.newBuilder().setRelay(frame).build());
        helper.whenReady(self.link()::requestNext);
      }
      case CHAT -> {
        RelayFrame stamped = stampChat(session, frame, agent.displayName());
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
      default -> refuse(session, self, "NOT_FROM_STAFF");
    }
  }

  /**
   * Sends a screen frame to every viewer in step. The customer's next frame is read once every
   * viewer in step can take more; a viewer that cannot within the lag grace falls out of step: it
   * skips frames until its stream drains, then gets a full frame. One that stays stalled past the
   * stall limit is dropped. So a slow viewer costs the others one grace period at most.
   */
  private void fanOutScreen(LiveSession session, RelayFrame frame) {
    Link<HelperEvent> helper = session.helper();
    long now = System.nanoTime();
    long stallLimit = sessions.viewerStallLimit().toNanos();
    AgentEvent event = AgentEvent.newBuilder().setRelay(frame).build();
    List<LiveSession.Member> inStep = new ArrayList<>();
    for (LiveSession.Member member : session.members()) {
      if (frame.getScreen().getFull() && member.link().isReady()) {
        member.caughtUp();
      }
      long lagging = member.laggingForNanos(now);
      if (lagging == 0) {
        member.link().send(event);
        inStep.add(member);
      } else if (lagging > stallLimit) {
        sessions.dropViewer(session, member);
      }
    }
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger pending = new AtomicInteger(inStep.size() + 1);
    Runnable readNext =
        () -> {
          if (pending.decrementAndGet() == 0 && done.compareAndSet(false, true)) {
            helper.requestNext();
          }
        };
    for (LiveSession.Member member : inStep) {
      member.link().whenReady(readNext);
    }
    readNext.run();
    if (!done.get()) {
      sessions.afterLagGrace(
          () -> {
            if (done.compareAndSet(false, true)) {
              for (LiveSession.Member member : inStep) {
                if (!member.link().isReady()) {
                  fallBehind(session, member, now);
                }
              }
              helper.requestNext();
            }
          });
    }
  }

  /** A viewer falls out of step; once its stream drains it gets a full frame. */
  private static void fallBehind(LiveSession session, LiveSession.Member member, long now) {
    if (member.startLagging(now)) {
      Link<HelperEvent> helper = session.helper();
      member
          .link()
          .whenReady(
              () ->
                  helper.send(
                      HelperEvent.newBuilder()
                          .setRelay(
                              RelayFrame.newBuilder()
                                  .setScreenRequest(ScreenRequest.getDefaultInstance()))
                          .build()));
    }
  }

  /**
   * The holder opens or closes a tunnel channel. An open gets a pair of lanes: the agent's token
   * goes back to the holder, the helper's travels with the open.
   *
   * @return the frame for the helper, or null if the frame was refused
   */
  private RelayFrame tunnelFromHolder(
      LiveSession session, LiveSession.Member self, RelayFrame frame) {
    TunnelFrame tunnel = frame.getTunnel();
    int channel = tunnel.getChannel();
    if (tunnel.hasClose()) {
      session.closeLane(channel);
      return frame;
    }
    if (!tunnel.hasOpen()) {
      refuse(session, self, "NOT_FROM_STAFF");
      return null;
    }
    LanePair pair =
        dataPlane.issue(
            bytes -> {
              session.bytesToCustomer.addAndGet(bytes);
              sessions.metrics().relayedToCustomer(bytes);
            },
            bytes -> {
              session.bytesToAgent.addAndGet(bytes);
              sessions.metrics().relayedToAgent(bytes);
            },
            closed -> session.laneClosed(channel, closed));
    if (!session.addLane(channel, pair, Tunnel.MAX_CHANNELS)) {
      pair.close();
      String why =
          "channel " + channel + " is open or the session has " + Tunnel.MAX_CHANNELS + " channels";
      self.link()
          .send(
              AgentEvent.newBuilder()
                  .setRelay(
                      RelayFrame.newBuilder()
                          .setTunnel(
                              TunnelFrame.newBuilder()
                                  .setChannel(channel)
                                  .setClose(TunnelFrame.Close.newBuilder().setError(why))))
                  .build());
      self.link().requestNext();
      return null;
    }
    self.link()
        .send(
            AgentEvent.newBuilder()
                .setRelay(
                    RelayFrame.newBuilder()
                        .setTunnel(
                            TunnelFrame.newBuilder()
                                .setChannel(channel)
                                .setLane(lane(pair.agentToken(), pair.port()))))
                .build());
    return RelayFrame.newBuilder()
        .setTunnel(
            TunnelFrame.newBuilder()
                .setChannel(channel)
                .setOpen(
                    TunnelFrame.Open.newBuilder().setLane(lane(pair.helperToken(), pair.port()))))
        .build();
  }

  private static TunnelFrame.Lane lane(com.google.protobuf.ByteString token, int port) {
    return TunnelFrame.Lane.newBuilder().setToken(token).setPort(port).build();
  }

  private void refuse(LiveSession session, LiveSession.Member member, String why) {
    sessions.relayRefused(session, member.agent().username(), why);
    member
        .link()
        .send(
            AgentEvent.newBuilder()
                .setNotice(
                    Events.notice(
                        Notice.Kind.REFUSED,
                        Messages.get(
                            member.locale(),
                            "PAUSED".equals(why) ? "notice.paused" : "notice.noControl")))
                .build());
    member.link().requestNext();
  }

  /** The broker, not the client, says who wrote a chat line; secrets are masked (P11). */
  private RelayFrame stampChat(LiveSession session, RelayFrame frame, String from) {
    String text = frame.getChat().getText();
    String masked = redactor.redact(text);
    if (!masked.equals(text)) {
      sessions.secretRedacted(session, from);
    }
    return RelayFrame.newBuilder()
        .setChat(ChatMessage.newBuilder().setFrom(from).setText(masked))
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
