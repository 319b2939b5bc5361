package puente.broker.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.function.Supplier;
import puente.broker.policy.BusinessCalendar;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.TicketCommand.AddNote;
import puente.broker.ticket.TicketCommand.Sweep;
import puente.v1.RefusalReason;

/**
 * The support case lifecycle as a pure state machine: a ticket value and a command in, the changed
 * ticket and its timeline entries out, or a refusal with a stable reason. Time comes in as
 * arguments and business time from the policy's {@link BusinessCalendar}; nothing here does I/O, so
 * every rule is testable with fixed instants.
 *
 * <p>The rules live by job: staff's commands in {@code CaseCommands}, the periodic sweep in {@code
 * CaseSweep}, business time in {@code CaseClock}, and what a live session does to its case in
 * {@code SessionEffects}; this class is their one door.
 */
public final class TicketLifecycle {
  private static final String BROKER = "broker";

  private final CaseClock clock;
  private final CaseCommands commands;
  private final CaseSweep sweep;

  /**
   * A lifecycle.
   *
   * @param calendar the office calendar in force (read on every decision, so reloads apply)
   * @param rules the numbers of the case rules
   */
  public TicketLifecycle(Supplier<BusinessCalendar> calendar, TicketRules rules) {
    this.clock =
        new CaseClock(requireNonNull(calendar, "calendar"), requireNonNull(rules, "rules"));
    this.commands = new CaseCommands(clock);
    this.sweep = new CaseSweep(clock);
  }

  /** The lifecycle under the vendor's default policy and rules. */
  public static TicketLifecycle defaults() {
    return new TicketLifecycle(() -> SupportPolicy.defaults().calendar(), TicketRules.defaults());
  }

  /** The rules' numbers. */
  public TicketRules rules() {
    return clock.rules();
  }

  /**
   * When a ticket received at an instant is acknowledged (P13): at once during office hours,
   * otherwise when the office next opens.
   */
  public Instant acknowledgeAt(Instant receivedAt) {
    return clock.acknowledgeAt(receivedAt);
  }

  /**
   * When the customer's silence ends a P19 wait: the silence period in business days after the wait
   * started, or null when the ticket is not waiting on the customer.
   */
  public Instant silenceEndsAt(Ticket ticket) {
    return clock.silenceEndsAt(ticket);
  }

  /** How the P16 due time of a ticket stands at an instant. */
  public DueStatus dueStatus(Ticket ticket, Instant now) {
    return clock.dueStatus(ticket, now);
  }

  /**
   * A helper registered again for this open case (P21): the customer is in touch, which stops the
   * silence clock of a wait (P19).
   */
  public Change helperAttached(Ticket ticket, String hostname, Instant at) {
    return SessionEffects.helperAttached(ticket, hostname, at);
  }

  /**
   * An agent asked the customer for consent after admission: the admitted category and its priority
   * go on an open case (P17); a closed one stays as it is (P20).
   *
   * @param detail the timeline entry's detail
   * @return the case afterwards and its CONSENT_REQUESTED entry
   */
  public Change consentRequested(
      Ticket ticket, String category, int priority, String detail, Instant at) {
    requireNonNull(at, "at");
    return SessionEffects.consentRequested(ticket, category, priority, detail, at);
  }

  /**
   * Relaying started: the customer accepted, which is contact, so a P19 wait ends (its attempts and
   * reminder are cleared); a NEW or waiting case is IN_PROGRESS; the opener takes an unassigned
   * case. A closed case stays closed (P20).
   *
   * @param opener the user name of the agent who opened the session
   * @param access the access granted, the timeline entry's detail
   * @return the case afterwards and its SESSION_STARTED entry
   */
  public Change sessionStarted(Ticket ticket, String opener, String access, Instant at) {
    requireNonNull(at, "at");
    return SessionEffects.sessionStarted(ticket, requireNonNull(opener, "opener"), access, at);
  }

  /**
   * The session was offered to specialists (P15): an open case is ESCALATED; a closed one stays
   * closed (P20).
   *
   * @return the case afterwards and its ESCALATED entry
   */
  public Change escalated(Ticket ticket, String detail, Instant at) {
    requireNonNull(at, "at");
    return SessionEffects.escalated(ticket, detail, at);
  }

  /**
   * Applies a command.
   *
   * @param ticket the ticket as last read
   * @param command what is asked
   * @param actor who asks: an agent's user name, or "broker" for the sweep
   * @param at when
   * @return the changed ticket and its timeline entries; empty for a sweep with nothing due
   * @throws RefusalException TICKET_TRANSITION_REFUSED when the state does not allow it,
   *     INVALID_REQUEST for a missing field
   */
  public Change apply(Ticket ticket, TicketCommand command, String actor, Instant at) {
    requireNonNull(at, "at");
    if (command instanceof AddNote note) {
      return TimelineText.one(
          ticket.toBuilder(), EventKind.NOTE, TimelineText.required(note.text(), "text"));
    }
    if (command instanceof Sweep) {
      return sweep.sweep(ticket, at);
    }
    if (!ticket.state().isOpen()) {
      // P20: a closed case is never reopened; the message points to a follow-up ticket.
      throw RefusalException.of(
          RefusalReason.TICKET_TRANSITION_REFUSED, "ticket.closed", Long.toString(ticket.id()));
    }
    Ticket.Builder after = ticket.toBuilder();
    if (ticket.assignee() == null && !BROKER.equals(actor)) {
      after.assignee(actor);
    }
    return commands.apply(ticket, after, command, at);
  }
}
