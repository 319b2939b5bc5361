package puente.broker.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import puente.broker.auth.Agent;
import puente.broker.config.BrokerConfig;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.relay.Link;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.broker.time.Timeouts;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.ControlAction;
import puente.v1.ControlChanged;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.ParticipantsChanged;
import puente.v1.RefusalReason;

/**
 * Passing control, and widening the customer's grant. One member holds control at a time; what
 * holding it allows is what the customer granted (tunnel channels with TUNNEL, input with CONTROL).
 * Every action passes the {@link Gate} first. Handing control to someone new and widening the grant
 * each need the customer's yes to a prompt that names exactly what is asked and by whom; taking
 * back and releasing never widen the grant.
 */
final class ControlDesk {
  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;
  private final Timeouts timeouts;
  private final BrokerConfig.Sessions settings;
  private final RefusalRecorder refusals;

  ControlDesk(
      TicketLog tickets,
      BrokerMetrics metrics,
      Clock clock,
      Timeouts timeouts,
      BrokerConfig.Sessions settings,
      RefusalRecorder refusals) {
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
    this.timeouts = timeouts;
    this.settings = settings;
    this.refusals = refusals;
  }

  /**
   * Applies a member's control action; anything the gate refuses is answered with the reason.
   *
   * @param link the member's stream
   * @param locale the member's
   */
  void act(
      LiveSession session,
      Agent agent,
      Link<AgentEvent> link,
      Locale locale,
      ControlAction action) {
    String me = agent.username();
    Inbound kind = Inbound.of(action);
    Gate.Verdict verdict = session.check(kind, me);
    if (!verdict.allowed()) {
      refuse(session, me, kind, verdict.refusal(), link, locale);
      return;
    }
    String holder = session.controllerName();
    switch (kind) {
      case CONTROL_REQUEST -> request(session, me, holder, action.getAccess());
      case CONTROL_GRANT -> {
        String to = action.getParticipantId();
        Member receiver = session.member(to);
        if (receiver == null || receiver.watchOnly() || to.equals(me)) {
          refuse(session, me, kind, RefusalReason.INVALID_REQUEST, link, locale);
          return;
        }
        ask(session, to, me, Grant.none());
      }
      case CONTROL_RELEASE -> {
        String owner = session.owner();
        change(session, me.equals(owner) ? null : owner, me, "released");
      }
      case CONTROL_TAKE_BACK -> change(session, me, me, "taken back");
      default -> refuse(session, me, kind, RefusalReason.WRONG_SENDER, link, locale);
    }
  }

  /**
   * A member asks for control, or for a capability. What the grant lacks is asked of the customer;
   * with the grant sufficient, control is asked of whoever holds it, or of the customer if nobody
   * does.
   */
  private void request(LiveSession session, String me, String holder, AccessKind access) {
    Grant grant = session.grant();
    Grant asked;
    if (access == AccessKind.ACCESS_KIND_UNSPECIFIED || access == AccessKind.UNRECOGNIZED) {
      // Control means input when the customer granted nothing a holder could use.
      asked = grant.givesControl() ? Grant.none() : Grant.of(Capability.CONTROL);
    } else {
      asked = Grant.of(Capability.of(access));
    }
    Grant widen = asked.without(grant);
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        me,
        EventKind.CONTROL_REQUESTED,
        widen.isEmpty()
            ? (holder == null ? "nobody holds control" : "from " + holder)
            : "asks the customer for " + widen);
    metrics.controlChange("requested");
    Member current = holder == null ? null : session.member(holder);
    if (!widen.isEmpty() || current == null) {
      ask(session, me, me, widen);
    } else if (!holder.equals(me)) {
      current.link().send(controlEvent(holder, me, true));
    }
  }

  /**
   * Asks the customer to hand control to {@code to} and to widen the grant by {@code widen}. The
   * prompt names exactly what a yes allows; no answer in time counts as a no.
   */
  private void ask(LiveSession session, String to, String askedBy, Grant widen) {
    Member receiver = session.member(to);
    Link<HelperEvent> helper = session.helper();
    if (receiver == null || helper == null) {
      return;
    }
    Grant handed = widen.isEmpty() ? holderPart(session.grant()) : widen;
    String promptId = UUID.randomUUID().toString();
    session.setControlPrompt(new ControlPrompt(promptId, to, askedBy, widen));
    Instant now = clock.instant();
    tickets.record(
        session.ticketId(),
        session.id(),
        now,
        askedBy,
        EventKind.CONTROL_REQUESTED,
        "customer asked to allow " + to + ": " + handed);
    Instant expiresAt = now.plus(settings.consentTimeout());
    Locale locale = session.registration().locale();
    String what = Prompts.describe(locale, handed, session.registration().offeredService());
    String message =
        askedBy.equals(to)
            ? Prompts.asks(locale, receiver.agent(), what)
            : Messages.get(
                locale,
                "consent.handOver",
                displayName(session, askedBy),
                receiver.agent().displayName(),
                Messages.get(locale, "role." + receiver.agent().role().wireName()),
                what);
    // No answer counts as a no: nobody gets more without the customer's consent. The deadline
    // exists before the prompt is shown.
    session.cancelOnEnd(
        timeouts.after(settings.consentTimeout(), () -> answer(session, promptId, false)));
    helper.send(Prompts.prompt(promptId, receiver.agent(), handed, message, expiresAt));
  }

  /**
   * Applies the customer's answer to a control prompt: a yes widens the grant by what was asked and
   * hands control to whom it was asked for.
   *
   * @return whether the prompt was a control prompt of this session
   */
  boolean answer(LiveSession session, String promptId, boolean accepted) {
    ControlPrompt prompt = session.takeControlPrompt(promptId);
    if (prompt == null) {
      return false;
    }
    if (accepted && session.member(prompt.to()) != null) {
      if (!prompt.widen().isEmpty()) {
        Grant before = session.grant();
        Grant after = before.with(prompt.widen());
        session.setGrant(after);
        grantChanged(session, Actors.CUSTOMER, before, after);
      }
      // Control moves when it was asked for: a hand-over, or a widening by TUNNEL or CONTROL.
      boolean controlAsked = prompt.widen().isEmpty() || prompt.widen().givesControl();
      if (controlAsked
          && session.grant().givesControl()
          && !prompt.to().equals(session.controllerName())) {
        change(session, prompt.to(), Actors.CUSTOMER, "granted by " + prompt.grantedBy());
      }
      return true;
    }
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        Actors.CUSTOMER,
        EventKind.CONTROL_VETOED,
        "to " + prompt.to());
    metrics.controlChange("vetoed");
    // One notice each: the one asked for and the one who asked (the same person when a member
    // asked for more access for themselves), naming the colleague by name on a hand-over.
    Member to = session.member(prompt.to());
    String toName = to == null ? prompt.to() : to.agent().displayName();
    for (String username :
        new java.util.LinkedHashSet<>(List.of(prompt.to(), prompt.grantedBy()))) {
      Member member = session.member(username);
      if (member != null) {
        String text =
            prompt.to().equals(prompt.grantedBy())
                ? Messages.get(member.locale(), "notice.requestVetoed")
                : Messages.get(member.locale(), "notice.controlVetoed", toName);
        member
            .link()
            .send(
                AgentEvent.newBuilder()
                    .setNotice(Events.notice(Notice.Kind.CONTROL_VETOED, text))
                    .build());
      }
    }
    return true;
  }

  /**
   * Records a change of the customer's grant and tells everyone: the helper and every member get
   * the new grant, members a notice in words.
   */
  void grantChanged(LiveSession session, String actor, Grant before, Grant after) {
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        actor,
        EventKind.GRANT_CHANGED,
        before + " -> " + after);
    metrics.controlChange("grant");
    announceGrant(session);
  }

  /** Sends the current grant and pause state to the helper and every member. */
  void announceGrant(LiveSession session) {
    puente.v1.GrantChanged wire = Events.grant(session);
    Link<HelperEvent> helper = session.helper();
    if (helper != null) {
      helper.send(HelperEvent.newBuilder().setGrant(wire).build());
    }
    for (Member member : session.members()) {
      member.link().send(AgentEvent.newBuilder().setGrant(wire).build());
    }
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
    broadcast(session, false);
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
    broadcast(session, true);
  }

  /**
   * Tells the customer first, then every member, who holds control now (and, with {@code
   * participants}, the new list): nobody acts on control the customer has not yet been told of.
   */
  private void broadcast(LiveSession session, boolean participants) {
    String holder = session.controllerName();
    ParticipantsChanged list = participants ? Participants.list(session) : null;
    Link<HelperEvent> helper = session.helper();
    Member holding = holder == null ? null : session.member(holder);
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
    if (helper != null && list != null) {
      helper.send(HelperEvent.newBuilder().setParticipants(list).build());
    }
    for (Member member : session.members()) {
      member
          .link()
          .send(
              controlEvent(holder, "", holder != null && holder.equals(member.agent().username())));
      if (list != null) {
        member.link().send(AgentEvent.newBuilder().setParticipants(list).build());
      }
    }
  }

  /** What holding control allows under this grant: its TUNNEL and CONTROL. */
  private static Grant holderPart(Grant grant) {
    return grant.within(Grant.of(Capability.TUNNEL, Capability.CONTROL));
  }

  private static String displayName(LiveSession session, String username) {
    Member member = session.member(username);
    return member == null ? username : member.agent().displayName();
  }

  private void refuse(
      LiveSession session,
      String me,
      Inbound kind,
      RefusalReason reason,
      Link<AgentEvent> link,
      Locale locale) {
    refusals.refused(
        session,
        me,
        kind,
        reason,
        notice -> link.send(AgentEvent.newBuilder().setNotice(notice).build()),
        locale);
  }

  private static AgentEvent controlEvent(String holder, String requester, boolean mine) {
    return AgentEvent.newBuilder()
        .setControl(
            ControlChanged.newBuilder()
                .setHolder(Objects.requireNonNullElse(holder, ""))
                .setRequester(requester)
                .setYouHaveControl(mine))
        .build();
  }
}
