package puente.broker.session;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import puente.broker.auth.Agent;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.relay.DataPlane;
import puente.broker.relay.LanePair;
import puente.broker.relay.Link;
import puente.broker.text.FreeText;
import puente.client.Tunnel;
import puente.v1.AgentEvent;
import puente.v1.ChatMessage;
import puente.v1.HelperEvent;
import puente.v1.RefusalReason;
import puente.v1.RelayFrame;
import puente.v1.ScreenRequest;
import puente.v1.TunnelFrame;

/**
 * Routes data-plane frames within a session and applies backpressure. Every frame passes the
 * session's {@link Gate} before it has any effect; a refused frame is answered to its sender with
 * the reason and recorded (see {@link RefusalRecorder}). A frame for the customer's machine is
 * checked and sent under the session's lock, so that a narrowing, pause or removal is never
 * overtaken.
 *
 * <p>Tunnel frames only open and close channels: for each channel the holder opens, the router
 * issues a pair of lanes on the {@link DataPlane}, which carries the bytes. Lanes close when the
 * channel closes, when control moves, when the customer withdraws TUNNEL and when the session ends;
 * they stop reading while the customer has paused. Frames are never dropped: the sender's next
 * frame is requested only once the receiver can take more. Screen frames fan out to every viewer; a
 * viewer that falls behind skips frames, gets a full frame once it drains, and is dropped if it
 * stays stalled, so that it never holds back the customer or the other viewers.
 */
public final class FrameRouter {
  /** A chat line holds at most a long paragraph. */
  static final int MAX_CHAT_CHARS = 4_000;

  /** What the router needs from the rest of the session core. */
  interface Viewers {
    /** Drops a viewer that stayed stalled past the limit (off the relay path). */
    void dropViewer(LiveSession session, Member member);

    /** Runs an action once a viewer's lag grace has passed. */
    void afterLagGrace(Runnable action);

    /** How long a viewer may stay stalled before it is dropped. */
    java.time.Duration viewerStallLimit();

    /** Records that a secret was masked in chat (P11). */
    void secretRedacted(LiveSession session, String actor);
  }

  private final Viewers viewers;
  private final RefusalRecorder refusals;
  private final Redactor redactor;
  private final DataPlane dataPlane;
  private final BrokerMetrics metrics;
  private final Ticker ticker;

  /**
   * @param redactor masks secrets in chat (P11)
   * @param dataPlane carries the tunnel channels' bytes
   * @param ticker measures how long a viewer lags
   */
  FrameRouter(
      Viewers viewers,
      RefusalRecorder refusals,
      Redactor redactor,
      DataPlane dataPlane,
      BrokerMetrics metrics,
      Ticker ticker) {
    this.viewers = viewers;
    this.refusals = refusals;
    this.redactor = redactor;
    this.dataPlane = dataPlane;
    this.metrics = metrics;
    this.ticker = ticker;
  }

  /** A frame from the customer's helper. */
  public void fromCustomer(LiveSession session, RelayFrame frame) {
    Link<HelperEvent> helper = session.helper();
    Inbound kind = Inbound.of(frame);
    Gate.Verdict verdict = session.check(kind, null);
    if (verdict.allowed()) {
      verdict = content(frame);
    }
    if (!verdict.allowed()) {
      refusals.refused(
          session,
          Actors.CUSTOMER,
          kind,
          verdict.refusal(),
          notice -> helper.send(Events.toCustomer(notice)),
          session.registration().locale());
      helper.whenReady(helper::requestNext);
      return;
    }
    switch (kind) {
      case SCREEN -> fanOutScreen(session, frame);
      case CHAT -> {
        RelayFrame stamped = stampChat(session, frame, Actors.CUSTOMER);
        List<Link<?>> targets = new ArrayList<>();
        for (Member member : session.members()) {
          member.link().send(AgentEvent.newBuilder().setRelay(stamped).build());
          targets.add(member.link());
        }
        whenAllReady(targets, helper::requestNext);
      }
      default -> {
        // Clipboard and tunnel answers go to the holder of control; with nobody holding it they
        // have no recipient.
        if (kind == Inbound.TUNNEL_CLOSE) {
          session.closeLane(frame.getTunnel().getChannel());
        }
        Member controller = session.controller();
        if (controller == null) {
          helper.requestNext();
          return;
        }
        controller.link().send(AgentEvent.newBuilder().setRelay(frame).build());
        controller.link().whenReady(helper::requestNext);
      }
    }
  }

  /**
   * A frame from a member of staff.
   *
   * @param link the sender's stream, which gets the answer to a refused frame
   */
  public void fromMember(
      LiveSession session,
      Agent agent,
      Link<AgentEvent> link,
      java.util.Locale locale,
      RelayFrame frame) {
    String me = agent.username();
    Inbound kind = Inbound.of(frame);
    Gate.Verdict verdict;
    Runnable readNext = link::requestNext;
    Link<HelperEvent> helper = session.helper();
    switch (kind) {
      case CHAT -> {
        verdict = session.check(kind, me);
        if (verdict.allowed()) {
          verdict = content(frame);
        }
        if (verdict.allowed()) {
          RelayFrame stamped = stampChat(session, frame, agent.displayName());
          List<Link<?>> targets = new ArrayList<>();
          if (helper != null) {
            helper.send(HelperEvent.newBuilder().setRelay(stamped).build());
            targets.add(helper);
          }
          for (Member member : session.members()) {
            if (member.link() != link) {
              member.link().send(AgentEvent.newBuilder().setRelay(stamped).build());
              targets.add(member.link());
            }
          }
          whenAllReady(targets, readNext);
          return;
        }
      }
      case TUNNEL_OPEN -> {
        verdict = openChannel(session, me, link, frame.getTunnel().getChannel());
        if (verdict == null) {
          link.requestNext();
          return;
        }
      }
      default -> {
        verdict =
            session.sendToCustomer(kind, me, HelperEvent.newBuilder().setRelay(frame).build());
        if (verdict.allowed() && kind == Inbound.TUNNEL_CLOSE) {
          session.closeLane(frame.getTunnel().getChannel());
        }
      }
    }
    if (verdict.allowed()) {
      if (helper == null) {
        link.requestNext();
      } else {
        helper.whenReady(readNext);
      }
      return;
    }
    refusals.refused(
        session,
        me,
        kind,
        verdict.refusal(),
        notice -> link.send(AgentEvent.newBuilder().setNotice(notice).build()),
        locale);
    link.whenReady(readNext);
  }

  /**
   * Sends a screen frame to every viewer in step. The customer's next frame is read once every
   * viewer in step can take more; a viewer that cannot within the lag grace falls out of step: it
   * skips frames until its stream drains, then gets a full frame. One that stays stalled past the
   * stall limit is dropped. So a slow viewer costs the others one grace period at most.
   */
  private void fanOutScreen(LiveSession session, RelayFrame frame) {
    Link<HelperEvent> helper = session.helper();
    long now = ticker.read();
    long stallLimit = viewers.viewerStallLimit().toNanos();
    AgentEvent event = AgentEvent.newBuilder().setRelay(frame).build();
    List<Member> inStep = new ArrayList<>();
    for (Member member : session.members()) {
      if (frame.getScreen().getFull() && member.link().isReady()) {
        member.caughtUp();
      }
      long lagging = member.laggingForNanos(now);
      if (lagging == 0) {
        member.link().send(event);
        inStep.add(member);
      } else if (lagging > stallLimit) {
        viewers.dropViewer(session, member);
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
    for (Member member : inStep) {
      member.link().whenReady(readNext);
    }
    readNext.run();
    if (!done.get()) {
      viewers.afterLagGrace(
          () -> {
            if (done.compareAndSet(false, true)) {
              for (Member member : inStep) {
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
  private static void fallBehind(LiveSession session, Member member, long now) {
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
   * The holder opens a tunnel channel: it gets a pair of lanes, the agent's token goes back to the
   * holder and the helper's travels with the open.
   *
   * @return the gate's verdict, or null if the channel could not be opened (answered with a close)
   */
  private Gate.Verdict openChannel(
      LiveSession session, String me, Link<AgentEvent> link, int channel) {
    LanePair pair =
        dataPlane.issue(
            bytes -> {
              session.bytesToCustomer.addAndGet(bytes);
              metrics.relayedToCustomer(bytes);
            },
            bytes -> {
              session.bytesToAgent.addAndGet(bytes);
              metrics.relayedToAgent(bytes);
            },
            closed -> session.laneClosed(channel, closed));
    HelperEvent open =
        HelperEvent.newBuilder()
            .setRelay(
                RelayFrame.newBuilder()
                    .setTunnel(
                        TunnelFrame.newBuilder()
                            .setChannel(channel)
                            .setOpen(
                                TunnelFrame.Open.newBuilder()
                                    .setLane(lane(pair.helperToken(), pair.port())))))
            .build();
    // The agent's lane goes out before the customer's open, so the holder knows it first.
    TunnelFrame.Builder reply = TunnelFrame.newBuilder().setChannel(channel);
    AgentEvent agentLane =
        AgentEvent.newBuilder()
            .setRelay(
                RelayFrame.newBuilder()
                    .setTunnel(reply.clone().setLane(lane(pair.agentToken(), pair.port()))))
            .build();
    Gate.Verdict verdict =
        session.openChannel(
            me, channel, pair, Tunnel.MAX_CHANNELS, () -> link.send(agentLane), open);
    if (verdict == null || !verdict.allowed()) {
      pair.close();
    }
    if (verdict == null) {
      String why =
          "channel " + channel + " is open or the session has " + Tunnel.MAX_CHANNELS + " channels";
      link.send(
          AgentEvent.newBuilder()
              .setRelay(
                  RelayFrame.newBuilder()
                      .setTunnel(reply.setClose(TunnelFrame.Close.newBuilder().setError(why))))
              .build());
    }
    return verdict;
  }

  private static TunnelFrame.Lane lane(com.google.protobuf.ByteString token, int port) {
    return TunnelFrame.Lane.newBuilder().setToken(token).setPort(port).build();
  }

  /**
   * What a chat line says, checked like every text a client writes: a person reads it, so nothing
   * in it may steer a terminal or a page. Other kinds carry no text for people.
   */
  private static Gate.Verdict content(RelayFrame frame) {
    if (frame.hasChat() && !FreeText.isCleanLines(frame.getChat().getText(), MAX_CHAT_CHARS)) {
      return Gate.Verdict.refuse(RefusalReason.INVALID_REQUEST);
    }
    return Gate.Verdict.ALLOW;
  }

  /** The broker, not the client, says who wrote a chat line; secrets are masked (P11). */
  private RelayFrame stampChat(LiveSession session, RelayFrame frame, String from) {
    String text = frame.getChat().getText();
    String masked = redactor.redact(text);
    if (!masked.equals(text)) {
      viewers.secretRedacted(session, from);
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
