package puente.broker.ticket;

import java.util.List;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/** How the lifecycle words its timeline entries, and the checks on the text staff give it. */
final class TimelineText {
  /** The timeline's detail column holds 2000 characters. */
  static final int MAX_DETAIL = 2000;

  private TimelineText() {}

  /** A change with one timeline entry; a detail too long for the timeline is refused. */
  static Change one(Ticket.Builder after, EventKind kind, String detail) {
    if (detail != null && detail.length() > MAX_DETAIL) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST,
          "request.invalid",
          "note: " + detail.length() + " characters (expected: at most " + MAX_DETAIL + ")");
    }
    return new Change(after.build(), List.of(new Change.Event(kind, detail)));
  }

  /** {@code "FROM->TO"}, or empty when the state stays. */
  static String moved(Ticket ticket, TicketState to) {
    return ticket.state() == to ? "" : ticket.state() + "->" + to;
  }

  /** The stripped text of a field that must not be blank. */
  static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST, "request.invalid", field + ": empty (expected: text)");
    }
    return value.strip();
  }

  /** Joins a detail and a note with "; ", leaving out blanks; null when both are blank. */
  static String join(String first, String note) {
    String a = first == null ? "" : first.strip();
    String b = note == null ? "" : note.strip();
    if (a.isEmpty()) {
      return b.isEmpty() ? null : b;
    }
    return b.isEmpty() ? a : a + "; " + b;
  }
}
