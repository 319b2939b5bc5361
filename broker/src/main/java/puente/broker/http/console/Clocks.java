package puente.broker.http.console;

import java.time.Instant;
import puente.broker.ticket.DueStatus;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketView;

/**
 * How a ticket's clocks are highlighted. The rules decide the times ({@code TicketLifecycle}); this
 * only says whether a time shown has passed: an acknowledgement not sent by its time (P13), a due
 * import near or past (P16, as {@link DueStatus} says), a wait on the customer run out (P19).
 */
public final class Clocks {
  private Clocks() {}

  /** The CSS class of the acknowledgement clock (P13). */
  public static String acknowledgement(Ticket t, Instant now) {
    if (t.acknowledged() || t.acknowledgeAt() == null) {
      return "ok";
    }
    return now.isBefore(t.acknowledgeAt()) ? "pending" : "overdue";
  }

  /** The CSS class of the import due clock (P16). */
  public static String due(TicketView view) {
    return switch (view.dueStatus()) {
      case NEAR_DUE -> "near-due";
      case OVERDUE -> "overdue";
      case NONE, ON_TIME, PAUSED, MET -> "ok";
    };
  }

  /** The CSS class of the close-for-silence clock (P19). */
  public static String silence(TicketView view, Instant now) {
    if (view.silenceEndsAt() == null) {
      return "ok";
    }
    return now.isBefore(view.silenceEndsAt()) ? "pending" : "overdue";
  }
}
