package puente.broker.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import puente.broker.auth.Agent;
import puente.broker.i18n.Messages;
import puente.broker.relay.Link;
import puente.v1.AgentEvent;
import puente.v1.ChatMessage;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.RelayFrame;
import puente.v1.ScreenRequest;

/**
 * Routes data-plane frames within a session and applies backpressure. The broker checks every
 * frame: nothing moves before consent; tunnel, input and clipboard move only between the customer
 * and the member who holds control; nothing but tunnel bytes moves while the customer has paused.
 *
 * <p>Tunnel bytes are never dropped: the sender's next frame is requested only once the receiver
 * can take more. Screen frames fan out to every viewer; a viewer that falls behind skips frames,
 * gets a full frame once it drains, and is dropped if it stays stalled, so that it never holds back
 * the customer or the other viewers.
 */
public final class FrameRouter {
  private final SessionService sessions;
  private final Redactor redactor;

  /**
   * A router reporting refusals through the session service.
   *
   * @param redactor masks secrets in chat (P11)
   */
  public FrameRouter(SessionService sessions, Redactor redactor) {
    this.sessions = sessions;
    this.redactor = redactor;
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
        int bytes = frame.getTunnel().getData().size();
        session.bytesToAgent.addAndGet(bytes);
        sessions.metrics().relayedToAgent(bytes);
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
        int bytes = frame.getTunnel().getData().size();
        session.bytesToCustomer.addAndGet(bytes);
        sessions.metrics().relayedToCustomer(bytes);
        helper.send(HelperEvent.newBuilder().setRelay(frame).build());
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
