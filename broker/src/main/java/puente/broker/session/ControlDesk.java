package puente.broker.session;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import puente.broker.auth.Agent;
import puente.broker.config.BrokerConfig;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.relay.Link;
import puente.broker.store.TicketStore;
import puente.broker.ticket.EventKind;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.ControlAction;
import puente.v1.ControlChanged;
import puente.v1.HelperEvent;
import puente.v1.Notice;

/**
 * Passing control in a session. One participant holds control at a time; asking, granting, giving
 * up and taking back go through the broker, and a hand-over to someone new needs the customer's
 * consent, who may veto it.
 */
final class ControlDesk {
  private final SessionService sessions;
  private final TicketStore tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final BrokerConfig.Sessions settings;

  ControlDesk(
      SessionService sessions,
      TicketStore tickets,
      BrokerMetrics metrics,
      Clock clock,
      ScheduledExecutorService timers,
      BrokerConfig.Sessions settings) {
    this.sessions = sessions;
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
    this.timers = timers;
    this.settings = settings;
  }

  /** Applies a member's control action; anything not allowed is refused with a notice. */
  void act(LiveSession session, Agent agent, ControlAction action) {
    LiveSession.Member self = session.member(agent.username());
    if (self == null) {
      return;
    }
    String me = agent.username();
    String holder = session.controllerName();
    switch (action.getKind()) {
      case REQUEST -> {
        tickets.record(
            session.ticketId(),
            session.id(),
            clock.instant(),
            me,
            EventKind.CONTROL_REQUESTED,
            holder == null ? "nobody holds control" : "from " + holder);
        metrics.controlChange("requested");
        LiveSession.Member current = holder == null ? null : session.member(holder);
        if (current == null) {
          askCustomer(session, me, me);
        } else if (!holder.equals(me)) {
          current.link().send(controlEvent(holder, me, true));
        }
      }
      case GRANT -> {
        String to = action.getParticipantId();
        if (!me.equals(holder) || session.member(to) == null || to.equals(me)) {
          refuse(self);
          return;
        }
        askCustomer(session, to, me);
      }
      case RELEASE -> {
        if (!me.equals(holder)) {
          refuse(self);
          return;
        }
        String owner = session.owner();
        change(session, me.equals(owner) ? null : owner, me, "released");
      }
      case TAKE_BACK -> {
        if (!me.equals(session.owner())) {
          refuse(self);
          return;
        }
        change(session, me, me, "taken back");
      }
      default -> refuse(self);
    }
  }

  /**
   * Applies the customer's answer to a control prompt.
   *
   * @return whether the prompt was a control prompt of this session
   */
  boolean answer(LiveSession session, String promptId, boolean accepted) {
    LiveSession.ControlPrompt prompt = session.takeControlPrompt(promptId);
    if (prompt == null) {
      return false;
    }
    if (accepted && session.member(prompt.to()) != null) {
      change(session, prompt.to(), SessionService.CUSTOMER, "granted by " + prompt.grantedBy());
      return true;
    }
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        SessionService.CUSTOMER,
        EventKind.CONTROL_VETOED,
        "to " + prompt.to());
    metrics.controlChange("vetoed");
    for (String username : new String[] {prompt.to(), prompt.grantedBy()}) {
      LiveSession.Member member = session.member(username);
      if (member != null) {
        member
            .link()
            .send(
                AgentEvent.newBuilder()
                    .setNotice(
                        Events.notice(
                            Notice.Kind.CONTROL_VETOED,
                            Messages.get(member.locale(), "notice.controlVetoed", prompt.to())))
                    .build());
      }
    }
    return true;
  }

  /** Tells everyone who holds control now (after it moved without an action, e.g. a leave). */
  void announce(LiveSession session, String why) {
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        "broker",
        EventKind.CONTROL_CHANGED,
        "holder=" + session.controllerName() + " " + why);
    metrics.controlChange("moved");
    broadcast(session);
  }

  private void change(LiveSession session, String holder, String actor, String why) {
    session.setController(holder);
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        actor,
        EventKind.CONTROL_CHANGED,
        "holder=" + holder + " " + why);
    metrics.controlChange("changed");
    broadcast(session);
    Participants.broadcast(session);
  }

  private void broadcast(LiveSession session) {
    String holder = session.controllerName();
    for (LiveSession.Member member : session.members()) {
      member
          .link()
          .send(
              controlEvent(holder, "", holder != null && holder.equals(member.agent().username())));
    }
    Link<HelperEvent> helper = session.helper();
    LiveSession.Member holding = holder == null ? null : session.member(holder);
    if (helper != null && holding != null) {
      helper.send(
          Events.toCustomer(
              Events.notice(
                  Notice.Kind.CONTROL_CHANGED,
                  Messages.get(
                      session.registration().locale(),
                      "notice.controlChanged",
                      holding.agent().displayName()))));
    }
  }

  private void askCustomer(LiveSession session, String to, String grantedBy) {
    LiveSession.Member receiver = session.member(to);
    Link<HelperEvent> helper = session.helper();
    if (receiver == null || helper == null) {
      return;
    }
    String promptId = UUID.randomUUID().toString();
    session.setControlPrompt(new LiveSession.ControlPrompt(promptId, to, grantedBy));
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        grantedBy,
        EventKind.CONTROL_REQUESTED,
        "customer asked to give control to " + to);
    Instant expiresAt = clock.instant().plus(settings.consentTimeout());
    helper.send(Events.prompt(session, promptId, receiver.agent(), AccessKind.CONTROL, expiresAt));
    // No answer counts as a veto: nobody gets control without the customer's consent.
    session.cancelOnEnd(
        timers.schedule(
            () -> answer(session, promptId, false),
            settings.consentTimeout().toMillis(),
            TimeUnit.MILLISECONDS));
  }

  private void refuse(LiveSession.Member member) {
    sessions.metrics().frameRefused("CONTROL_ACTION");
    member
        .link()
        .send(
            AgentEvent.newBuilder()
                .setNotice(
                    Events.notice(
                        Notice.Kind.REFUSED, Messages.get(member.locale(), "notice.noControl")))
                .build());
  }

  private static AgentEvent controlEvent(String holder, String requester, boolean mine) {
    return AgentEvent.newBuilder()
        .setControl(
            ControlChanged.newBuilder()
                .setHolder(holder == null ? "" : holder)
                .setRequester(requester)
                .setYouHaveControl(mine))
        .build();
  }
}
