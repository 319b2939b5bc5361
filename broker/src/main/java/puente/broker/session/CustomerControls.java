package puente.broker.session;

import java.time.Clock;
import java.util.List;
import puente.broker.i18n.Messages;
import puente.broker.relay.Link;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.HelperEvent;

/**
 * What the customer does to a live session beyond answering prompts: pause and resume, and narrow
 * the grant. Each passes the {@link Gate}; what is withdrawn stops at once.
 */
final class CustomerControls {
  private final ControlDesk control;
  private final TicketLog tickets;
  private final Clock clock;
  private final RefusalRecorder refusals;

  CustomerControls(ControlDesk control, TicketLog tickets, Clock clock, RefusalRecorder refusals) {
    this.control = control;
    this.tickets = tickets;
    this.clock = clock;
    this.refusals = refusals;
  }

  /**
   * The customer pauses or resumes: while paused nothing enters or leaves their machine (the gate
   * refuses screen, input, clipboard and new tunnel channels; open lanes stop reading).
   */
  void pauseByCustomer(LiveSession session, boolean paused) {
    if (!customerMay(session, paused ? Inbound.PAUSE : Inbound.RESUME)
        || !session.setPaused(paused)) {
      return;
    }
    control.announceGrant(session);
    tickets.record(
        session.ticketId(),
        session.id(),
        clock.instant(),
        Actors.CUSTOMER,
        paused ? EventKind.PAUSED : EventKind.RESUMED,
        null);
    for (Member member : session.members()) {
      member
          .link()
          .send(
              AgentEvent.newBuilder()
                  .setNotice(
                      Events.notice(
                          paused ? puente.v1.Notice.Kind.PAUSED : puente.v1.Notice.Kind.RESUMED,
                          Messages.get(
                              member.locale(), paused ? "notice.paused" : "notice.resumed")))
                  .build());
    }
  }

  /**
   * The customer narrows the grant to {@code capabilities}: what is withdrawn stops at once (tunnel
   * lanes close without TUNNEL). A capability not granted before is refused: only a yes to a prompt
   * widens the grant.
   */
  void narrowByCustomer(LiveSession session, List<AccessKind> capabilities) {
    Grant wanted;
    try {
      wanted = Grant.fromWire(capabilities);
    } catch (IllegalArgumentException e) {
      customerMay(session, Inbound.WIDEN_GRANT);
      return;
    }
    Grant before = session.grant();
    Inbound kind = before.covers(wanted) ? Inbound.NARROW_GRANT : Inbound.WIDEN_GRANT;
    if (!customerMay(session, kind) || wanted.equals(before)) {
      return;
    }
    session.setGrant(wanted);
    control.grantChanged(session, Actors.CUSTOMER, before, wanted);
  }

  /** Asks the gate about a customer's command; a refusal is answered to the helper. */
  boolean customerMay(LiveSession session, Inbound kind) {
    Gate.Verdict verdict = session.check(kind, null);
    if (verdict.allowed()) {
      return true;
    }
    Link<HelperEvent> helper = session.helper();
    refusals.refused(
        session,
        Actors.CUSTOMER,
        kind,
        verdict.refusal(),
        notice -> {
          if (helper != null) {
            helper.send(Events.toCustomer(notice));
          }
        },
        session.registration().locale());
    return false;
  }
}
