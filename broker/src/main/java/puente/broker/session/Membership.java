package puente.broker.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.config.BrokerConfig;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.broker.refusal.RefusalLog;
import puente.broker.relay.Link;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.broker.time.Timeouts;
import puente.v1.AgentEvent;
import puente.v1.HelperEvent;
import puente.v1.RefusalReason;

/**
 * Who is in a live session: staff attach (the opener, or a specialist on an offer, P15), leave,
 * vanish, are removed by the customer or dropped as too slow. Ownership and control pass on as
 * members go; with nobody from staff left, the session returns to the queue.
 */
final class Membership implements FrameRouter.Viewers {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  private final BrokerConfig.Sessions settings;
  private final Clock clock;
  private final SessionTable table;
  private final TicketLog tickets;
  private final Admission admission;
  private final ControlDesk control;
  private final Escalations escalations;
  private final BrokerMetrics metrics;
  private final Timeouts timeouts;
  private final CustomerControls customer;
  private final RefusalRecorder refusals;
  private final Watchers watchers;

  Membership(
      BrokerConfig.Sessions settings,
      Clock clock,
      SessionTable table,
      TicketLog tickets,
      Admission admission,
      ControlDesk control,
      Escalations escalations,
      BrokerMetrics metrics,
      Timeouts timeouts,
      CustomerControls customer,
      RefusalRecorder refusals) {
    this.settings = settings;
    this.clock = clock;
    this.table = table;
    this.tickets = tickets;
    this.admission = admission;
    this.control = control;
    this.escalations = escalations;
    this.metrics = metrics;
    this.timeouts = timeouts;
    this.customer = customer;
    this.refusals = refusals;
    this.watchers = new Watchers(clock, tickets, metrics, refusals);
  }

  /**
   * Attaches a member of staff's stream: the agent who opened the session, or a specialist it was
   * offered to by an escalation (P15). A specialist's join goes through the support policy like an
   * open.
   *
   * <p>Someone the customer removed stays out: neither opening the session nor an offer lets them
   * back in.
   *
   * @throws RefusalException PERMISSION_DENIED for a session that is not theirs or does not exist
   *     (the same answer, so ids cannot be probed), SESSION_ENDED, CONFLICT, or a policy refusal
   */
  LiveSession attach(
      Agent agent,
      String credential,
      String sessionId,
      Link<AgentEvent> link,
      Locale locale,
      boolean askControl) {
    return attach(agent, credential, sessionId, link, locale, askControl, false);
  }

  /**
   * Attaches a watch-only member: a supervisor, or a specialist holding an offer for the session
   * (P15), watching from the web console. They join as any member does (the customer sees them and
   * can remove them) but never own the session, never hold control and are never handed it. The
   * customer's grant must include the screen (the {@link Gate} judges a screen request from a
   * watcher), and someone who may act must be in the session: a watcher alone would keep a session
   * out of the queue. The specialist's offer stays open, so they can still take the case over.
   *
   * @throws RefusalException as {@link #attach}, and NOT_GRANTED without VIEW in the grant
   */
  LiveSession watch(
      Agent agent, String credential, String sessionId, Link<AgentEvent> link, Locale locale) {
    return attach(agent, credential, sessionId, link, locale, false, true);
  }

  /** See {@link Watchers#askFullFrame}. */
  void askFullFrame(LiveSession session, Agent agent, Link<AgentEvent> link, Locale locale) {
    watchers.askFullFrame(session, agent, link, locale);
  }

  private LiveSession attach(
      Agent agent,
      String credential,
      String sessionId,
      Link<AgentEvent> link,
      Locale locale,
      boolean askControl,
      boolean watchOnly) {
    LiveSession session = table.byId(sessionId);
    boolean opener = !watchOnly && session != null && session.openedBy(agent);
    Offer offer = session == null ? null : session.queue().offer();
    boolean offered = !opener && offer != null && offer.admits(agent);
    boolean supervising = watchOnly && session != null && agent.role() == Role.SUPERVISOR;
    if (!opener && !offered && !supervising) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "session.denied");
    }
    Instant now = clock.instant();
    if (session.wasRemoved(agent.username())) {
      refusals.refusedEntry(
          session,
          agent.username(),
          RefusalReason.PERMISSION_DENIED,
          now,
          RefusalLog.Stage.JOINING,
          "join PERMISSION_DENIED: removed by the customer",
          Messages.get(locale, "session.denied"));
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "session.denied");
    }
    if (offered && !supervising) {
      try {
        admission.admit(
            session.registration(),
            session.queue().admissionRequest(),
            now,
            session.registration().locale(),
            locale);
      } catch (Admission.Refused refused) {
        refusals.refusedEntry(
            session,
            agent.username(),
            refused.forStaff().getReason(),
            now,
            RefusalLog.Stage.JOINING,
            "join " + Requests.describe(refused.forStaff()),
            refused.forStaff().getMessage());
        throw RefusalException.worded(refused.forStaff());
      }
    }
    Member member = new Member(agent, credential, link, locale, now, watchOnly);
    synchronized (session) {
      if (session.state() == LiveSession.State.ENDED) {
        throw RefusalException.of(RefusalReason.SESSION_ENDED, "session.ended");
      }
      if (session.state() != LiveSession.State.ACTIVE
          || (watchOnly && !Watchers.attended(session))) {
        throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "session.denied");
      }
      if (session.member(agent.username()) != null) {
        throw RefusalException.of(RefusalReason.CONFLICT, "session.conflict");
      }
      if (watchOnly && Watchers.screenWithheld(session)) {
        throw RefusalException.of(RefusalReason.NOT_GRANTED, "session.watch.notGranted");
      }
      session.addMember(member);
      if (offered && !watchOnly) {
        session.queue().setOffer(null);
      }
    }
    try {
      tickets.joined(
          session.ticketId(),
          session.id(),
          agent.username(),
          agent.displayName(),
          agent.role().wireName(),
          now);
    } catch (RuntimeException e) {
      // Not on the ticket, not in the session: nobody is in a session unrecorded.
      session.removeMember(agent.username());
      throw e;
    }
    metrics.participantChange("joined");
    link.send(
        AgentEvent.newBuilder()
            .setJoined(
                AgentEvent.Joined.newBuilder()
                    .setSessionId(session.id())
                    .setHasControl(session.hasControl(agent.username()))
                    .setStartedAt(Events.timestamp(session.startedAt())))
            .build());
    link.send(AgentEvent.newBuilder().setGrant(Events.grant(session)).build());
    Link<HelperEvent> helper = session.helper();
    if (helper != null) {
      helper.send(
          Events.toCustomer(
              Events.notice(
                  puente.v1.Notice.Kind.JOINED,
                  Messages.get(
                      session.registration().locale(),
                      "notice.joined",
                      agent.displayName(),
                      Messages.get(
                          session.registration().locale(), "role." + agent.role().wireName())))));
    }
    Participants.broadcast(session);
    if (askControl) {
      control.act(
          session,
          agent,
          link,
          locale,
          puente.v1.ControlAction.newBuilder()
              .setKind(puente.v1.ControlAction.Kind.REQUEST)
              .build());
    }
    return session;
  }

  /**
   * A member's stream closed or they left; see {@link #removeMember}.
   *
   * @param cleanly whether the app left on purpose rather than vanished
   */
  void memberLeft(LiveSession session, Agent agent, boolean cleanly) {
    removeMember(session, agent.username(), cleanly ? "left" : "vanished", null, !cleanly);
  }

  /**
   * Takes a member out of a session and tells them why.
   *
   * @param why recorded on the timeline
   * @param noticeKey a notice to send them before their stream closes, or null
   * @param vanished whether they vanished (decides the end reason if nobody takes over)
   */
  void removeMember(
      LiveSession session, String username, String why, puente.v1.Notice notice, boolean vanished) {
    String holderBefore = session.controllerName();
    Member member = session.removeMember(username);
    if (member == null || session.state() == LiveSession.State.ENDED) {
      return;
    }
    tickets.left(session.ticketId(), session.id(), username, clock.instant(), why);
    metrics.participantChange(why);
    if (notice != null) {
      member.link().send(AgentEvent.newBuilder().setNotice(notice).build());
    }
    member.link().complete();
    if (!member.watchOnly() && !Watchers.attended(session)) {
      watchers.dismiss(session);
    }
    if (session.members().isEmpty()) {
      escalations.returnToQueue(session, vanished);
      return;
    }
    if (!java.util.Objects.equals(holderBefore, session.controllerName())) {
      control.announce(session, "control returned to owner");
    }
    Participants.broadcast(session);
  }

  /** The customer removes a participant from the session. */
  void removeByCustomer(LiveSession session, String participantId) {
    if (!customer.customerMay(session, Inbound.REMOVE_PARTICIPANT)) {
      return;
    }
    Member member = session.member(participantId);
    if (member == null) {
      return;
    }
    session.markRemoved(participantId);
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        Actors.CUSTOMER,
        EventKind.PARTICIPANT_REMOVED,
        participantId);
    removeMember(
        session,
        participantId,
        "removed by customer",
        Events.notice(
            puente.v1.Notice.Kind.REMOVED, Messages.get(member.locale(), "notice.removed")),
        false);
  }

  /**
   * Ends the membership of every member whose token no longer grants access: revoked by a logout,
   * or by an operator disabling or removing the account or changing its role, possibly from another
   * process or broker node. One query for all of this node's members; one who joined during it was
   * not asked about (their token passed its own check at the join) and stays.
   *
   * @param stillGranted which of the given token digests still grant access
   * @return how many memberships ended
   */
  int endRevoked(Function<Set<String>, Set<String>> stillGranted) {
    List<LiveSession> live = table.live();
    Set<String> credentials = new HashSet<>();
    for (LiveSession session : live) {
      session.members().forEach(m -> credentials.add(m.credential()));
    }
    if (credentials.isEmpty()) {
      return 0;
    }
    Set<String> granted = stillGranted.apply(credentials);
    int ended = 0;
    for (LiveSession session : live) {
      for (Member member : session.members()) {
        if (!credentials.contains(member.credential()) || granted.contains(member.credential())) {
          continue;
        }
        ended++;
        removeMember(
            session,
            member.agent().username(),
            "access revoked",
            puente.v1.Notice.newBuilder()
                .setKind(puente.v1.Notice.Kind.REFUSED)
                .setReason(RefusalReason.UNAUTHENTICATED)
                .setMessage(Messages.get(member.locale(), "auth.revoked"))
                .build(),
            false);
      }
    }
    return ended;
  }

  /**
   * A viewer that fell too far behind: dropped with a reason, never slowing the others. Runs on the
   * timer thread, since it writes to the database and is called from the relay path.
   */
  @Override
  public void dropViewer(LiveSession session, Member member) {
    timeouts.execute(
        () -> {
          if (session.member(member.agent().username()) != member) {
            return;
          }
          metrics.viewerDropped();
          tickets.record(
              session.ticketId(),
              session.id(),
              clock.instant(),
              Actors.BROKER,
              EventKind.VIEWER_DROPPED,
              member.agent().username());
          removeMember(
              session,
              member.agent().username(),
              "too slow",
              Events.notice(
                  puente.v1.Notice.Kind.TOO_SLOW, Messages.get(member.locale(), "notice.tooSlow")),
              false);
        });
  }

  @Override
  public void afterLagGrace(Runnable action) {
    timeouts.after(settings.viewerLagGrace(), action);
  }

  @Override
  public Duration viewerStallLimit() {
    return settings.viewerStallLimit();
  }

  /**
   * Records that a secret was masked in chat (P11); the secret itself is never logged. The ticket
   * write runs on the timer thread: this is called from the relay path.
   */
  @Override
  public void secretRedacted(LiveSession session, String actor) {
    metrics.frameRefused("SECRET");
    Instant at = clock.instant();
    timeouts.execute(
        () -> {
          try {
            tickets.record(
                session.ticketId(), session.id(), at, actor, EventKind.SECRET_REDACTED, "chat");
          } catch (RuntimeException e) {
            log.error("could not record a masked secret on ticket {}", session.ticketId(), e);
          }
        });
  }
}
