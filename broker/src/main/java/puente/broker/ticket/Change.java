package puente.broker.ticket;

import java.util.List;

/**
 * The result of a command: the ticket as it is afterwards and the timeline entries that say what
 * happened, written together.
 *
 * @param after the changed ticket
 * @param events what to append to the timeline, in order
 */
public record Change(Ticket after, List<Event> events) {
  /** Copies the events. */
  public Change {
    events = List.copyOf(events);
  }

  /** Whether the command changed nothing (a sweep with nothing due). */
  public boolean isEmpty() {
    return events.isEmpty();
  }

  /**
   * One timeline entry to write.
   *
   * @param kind what happened
   * @param detail reason codes, figures, note text; may be null
   */
  public record Event(EventKind kind, String detail) {}
}
