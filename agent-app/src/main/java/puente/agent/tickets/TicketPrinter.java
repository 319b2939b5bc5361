package puente.agent.tickets;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import puente.agent.TimeText;
import puente.client.Messages;
import puente.text.Showable;
import puente.text.TicketStates;
import puente.v1.Ticket;
import puente.v1.TicketDetail;
import puente.v1.TicketState;
import puente.v1.TimelineEntry;

/**
 * How tickets read on the agent's terminal: in the agent's language (Mexican Spanish unless asked
 * for English), states in the words the broker's API uses too ({@link TicketStates}), every time in
 * a named zone.
 */
public final class TicketPrinter {
  private final Messages messages;
  private final TimeText times;

  /**
   * A printer for one agent.
   *
   * @param messages the agent app's text in the agent's language
   * @param times the zone times are written in
   */
  public TicketPrinter(Messages messages, TimeText times) {
    this.messages = requireNonNull(messages, "messages");
    this.times = requireNonNull(times, "times");
  }

  /** The states an agent can filter by, as typed on the command line. */
  enum State {
    NUEVO(TicketState.TICKET_STATE_NEW),
    EN_ATENCION(TicketState.TICKET_STATE_IN_PROGRESS),
    ESPERA_CLIENTE(TicketState.TICKET_STATE_WAITING_ON_CUSTOMER),
    ESPECIALISTA(TicketState.TICKET_STATE_ESCALATED),
    ESPERA_DESARROLLO(TicketState.TICKET_STATE_WAITING_ON_DEVELOPMENT),
    ESPERA_TERCERO(TicketState.TICKET_STATE_WAITING_ON_THIRD_PARTY),
    CERRADO(TicketState.TICKET_STATE_CLOSED);

    private final TicketState wire;

    State(TicketState wire) {
      this.wire = wire;
    }

    TicketState wire() {
      return wire;
    }
  }

  /** Says something from the agent app's text. */
  String text(String key, Object... args) {
    return messages.text(key, args);
  }

  /** The heading over a list of tickets: the columns, and the zone its times are in. */
  String heading() {
    return messages.text("ticket.heading", times.zoneName());
  }

  /** One list line: number, priority, state, customer, machine, age, and any clock. */
  String line(Ticket t) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "#%-6s %-3s %-24s %-28s %-12s %s",
                t.getTicketId(),
                t.getPriority() == 0 ? "-" : "P" + t.getPriority(),
                state(t),
                cut(
                    Showable.line(
                        t.getCustomerName().isEmpty() ? t.getLicenceKey() : t.getCustomerName()),
                    28),
                cut(Showable.line(t.getHostname()), 12),
                age(Duration.ofSeconds(t.getAgeSeconds()))));
    String due = due(t, false);
    if (!due.isEmpty()) {
      line.append("  ").append(due);
    }
    if (t.hasSilenceEndsAt()) {
      line.append("  ")
          .append(
              messages.text(
                  "ticket.silence.short", clock(t.getSilenceEndsAt()), t.getContactAttempts()));
    }
    return line.toString().stripTrailing();
  }

  /** A case with its timeline. */
  void detail(PrintWriter out, TicketDetail detail) {
    Ticket t = detail.getTicket();
    out.println(
        t.getAssignee().isEmpty()
            ? messages.text("ticket.title.unassigned", t.getTicketId(), state(t))
            : messages.text(
                "ticket.title.assigned",
                t.getTicketId(),
                state(t),
                Showable.line(t.getAssignee())));
    out.println(
        messages.text(
            "ticket.customer",
            t.getCustomerName().isEmpty()
                ? messages.text("ticket.customer.unknown")
                : Showable.line(t.getCustomerName()),
            Showable.line(t.getLicenceKey())));
    out.println(
        messages.text(
            "ticket.system",
            Showable.line(t.getProduct()),
            Showable.line(t.getInstalledVersion()),
            Showable.line(t.getHostname())));
    if (!t.getCategory().isEmpty()) {
      out.println(
          messages.text("ticket.category", Showable.line(t.getCategory()), t.getPriority()));
    }
    out.println(
        messages.text(
            t.getAcknowledged() ? "ticket.received.acknowledged" : "ticket.received.pending",
            at(t.getOpenedAt()),
            at(t.getAcknowledgedAt())));
    if (t.hasWaitingSince()) {
      out.println(
          messages.text(
              "ticket.waiting",
              at(t.getWaitingSince()),
              at(t.getSilenceEndsAt()),
              t.getContactAttempts()));
    }
    if (t.hasInformationCompleteAt()) {
      String due = due(t, true);
      out.println(
          messages.text("ticket.information_complete", at(t.getInformationCompleteAt()))
              + (due.isEmpty() ? "" : "; " + due));
    }
    if (!t.getPromisedRelease().isEmpty()) {
      out.println(messages.text("ticket.development", Showable.line(t.getPromisedRelease())));
    }
    if (!t.getThirdParty().isEmpty()) {
      out.println(
          t.hasThirdPartyDeliveredAt()
              ? messages.text(
                  "ticket.third_party.delivered",
                  Showable.line(t.getThirdParty()),
                  at(t.getThirdPartyDeliveredAt()))
              : messages.text("ticket.third_party.waiting", Showable.line(t.getThirdParty())));
    }
    if (!t.getDuplicateOf().isEmpty()) {
      out.println(messages.text("ticket.duplicate_of", t.getDuplicateOf()));
    }
    if (!t.getFollows().isEmpty()) {
      out.println(messages.text("ticket.follows", t.getFollows()));
    }
    if (t.getState() == TicketState.TICKET_STATE_CLOSED) {
      out.println(
          messages.text(
              "ticket.closed", at(t.getClosedAt()), word("ticket.reason.", t.getCloseReason())));
    }
    if (t.getBillableSeconds() > 0) {
      out.println(
          messages.text("ticket.billable", age(Duration.ofSeconds(t.getBillableSeconds()))));
    }
    out.println(messages.text("ticket.timeline", times.zoneName()));
    for (TimelineEntry e : detail.getTimelineList()) {
      out.println(
          "  "
              + clock(e.getAt())
              + "  "
              + String.format("%-10s", Showable.line(e.getActor()))
              + "  "
              + word("ticket.kind.", e.getKind())
              + (e.getDetail().isEmpty() ? "" : ": " + Showable.lines(e.getDetail(), "      ")));
    }
  }

  /** A state in the reader's words. */
  String state(Ticket t) {
    return TicketStates.word(t.getState(), messages.locale());
  }

  private String due(Ticket t, boolean withZone) {
    if (!t.hasDueAt()) {
      return "";
    }
    String status =
        switch (t.getDueStatus()) {
          case DUE_STATUS_NEAR_DUE -> messages.text("ticket.due.near");
          case DUE_STATUS_OVERDUE -> messages.text("ticket.due.overdue");
          case DUE_STATUS_PAUSED -> messages.text("ticket.due.paused");
          case DUE_STATUS_MET -> messages.text("ticket.due.met");
          default -> "";
        };
    return messages.text("ticket.due", withZone ? at(t.getDueAt()) : clock(t.getDueAt()), status);
  }

  /** A word for a code from the bundle, or the code itself when there is none (a newer broker). */
  private String word(String prefix, Object code) {
    String key = prefix + code;
    try {
      return messages.text(key);
    } catch (java.util.MissingResourceException e) {
      return String.valueOf(code);
    }
  }

  String age(Duration age) {
    if (age.toDays() > 0) {
      return messages.text("ticket.age.days", age.toDays(), age.toHoursPart());
    }
    if (age.toHours() > 0) {
      return messages.text("ticket.age.hours", age.toHours(), age.toMinutesPart());
    }
    return messages.text("ticket.age.minutes", age.toMinutes());
  }

  /** A time with its zone named. */
  private String at(Timestamp at) {
    return times.compact(instant(at));
  }

  /** A time under a heading that names the zone. */
  private String clock(Timestamp at) {
    return times.clock(instant(at));
  }

  private static Instant instant(Timestamp at) {
    return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
