package puente.broker.session;

import java.time.Clock;
import java.util.Locale;
import puente.broker.auth.Agent;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.relay.Link;
import puente.broker.ticket.TicketLog;
import puente.v1.AgentEvent;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.RefusalReason;
import puente.v1.RelayFrame;
import puente.v1.ScreenRequest;

/**
 * What is particular to watch-only members (supervisors and specialists watching from the web
 * console): they need the screen in the grant, someone who may act beside them, and a full frame to
 * start from. Everything else about them is membership as usual ({@link Membership}).
 */
final class Watchers {
  private final Clock clock;
  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final RefusalRecorder refusals;

  Watchers(Clock clock, TicketLog tickets, BrokerMetrics metrics, RefusalRecorder refusals) {
    this.clock = clock;
    this.tickets = tickets;
    this.metrics = metrics;
    this.refusals = refusals;
  }

  /** Whether someone from staff who may act, not only watch, is in the session. */
  static boolean attended(LiveSession session) {
    return session.members().stream().anyMatch(m -> !m.watchOnly());
  }

  /** Whether the gate would refuse a watcher's screen request for want of VIEW. */
  static boolean screenWithheld(LiveSession session) {
    Gate.Verdict verdict =
        Gate.decide(
            Inbound.SCREEN_REQUEST,
            Gate.Party.WATCHER,
            session.grant(),
            Gate.Phase.ACTIVE,
            session.paused());
    return verdict.refusal() == RefusalReason.NOT_GRANTED;
  }

  /**
   * A watcher asks the customer's helper for a full frame, to start from or after the screen came
   * back (resumed, VIEW granted again). Judged by the gate like any member's screen request.
   */
  void askFullFrame(LiveSession session, Agent agent, Link<AgentEvent> link, Locale locale) {
    HelperEvent ask =
        HelperEvent.newBuilder()
            .setRelay(RelayFrame.newBuilder().setScreenRequest(ScreenRequest.getDefaultInstance()))
            .build();
    Gate.Verdict verdict = session.sendToCustomer(Inbound.SCREEN_REQUEST, agent.username(), ask);
    if (!verdict.allowed()) {
      refusals.refused(
          session,
          agent.username(),
          Inbound.SCREEN_REQUEST,
          verdict.refusal(),
          notice -> link.send(AgentEvent.newBuilder().setNotice(notice).build()),
          locale);
    }
  }

  /**
   * Watchers leave with the last member who may act: the session goes back to the queue, where
   * nobody watches it.
   */
  void dismiss(LiveSession session) {
    for (Member watcher : session.members()) {
      if (attended(session)) {
        // Someone who may act joined meanwhile: they stay, and so do the watchers.
        return;
      }
      String username = watcher.agent().username();
      if (session.removeMember(username) == null) {
        continue;
      }
      tickets.left(
          session.ticketId(), session.id(), username, clock.instant(), "returned to queue");
      metrics.participantChange("returned to queue");
      watcher
          .link()
          .send(
              AgentEvent.newBuilder()
                  .setNotice(
                      Events.notice(
                          Notice.Kind.RETURNED_TO_QUEUE,
                          Messages.get(watcher.locale(), "notice.watch.queued")))
                  .build());
      watcher.link().complete();
    }
  }
}
