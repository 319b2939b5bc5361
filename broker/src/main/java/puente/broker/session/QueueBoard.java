package puente.broker.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * The escalations waiting for a specialist (P15), in the order specialists are served: priority of
 * the category, then age (P17). One place decides what is waiting, in what order and who may see
 * it, for the agent app's {@code queue}, the console and the REST API alike. It changes nothing.
 */
public final class QueueBoard {
  /**
   * One escalation waiting for a specialist.
   *
   * @param sessionId the live session
   * @param ticketId its ticket
   * @param customerName the licence holder
   * @param licenceKey the licence
   * @param product the product reported by the helper
   * @param version its installed version
   * @param category the category admitted, or empty
   * @param priority the category's priority, 1 first (P17); 0 when it has none
   * @param escalatedBy who offered it: a member of staff, or {@code broker} when nobody was left
   * @param offeredTo the specialist it is offered to, or empty for the whole queue
   * @param assignedBy the supervisor who named that specialist, or empty
   * @param note why it was escalated
   * @param escalatedAt when it was offered; its age in the queue counts from here
   * @param waiting how long it has waited
   */
  public record Waiting(
      String sessionId,
      long ticketId,
      String customerName,
      String licenceKey,
      String product,
      String version,
      String category,
      int priority,
      String escalatedBy,
      String offeredTo,
      String assignedBy,
      String note,
      Instant escalatedAt,
      Duration waiting) {}

  private record Entry(Offer offer, int order, Waiting row) {}

  private static final Comparator<Entry> SERVED_FIRST =
      Comparator.comparingInt(Entry::order)
          .thenComparing(e -> e.row().escalatedAt())
          .thenComparing(e -> e.row().sessionId());

  private final Supplier<? extends Collection<LiveSession>> live;
  private final Clock clock;

  QueueBoard(Supplier<? extends Collection<LiveSession>> live, Clock clock) {
    this.live = live;
    this.clock = clock;
  }

  /** Whether a session is waiting for a specialist: live, with an offer nobody took yet. */
  static boolean isWaiting(LiveSession session) {
    return session.state() == LiveSession.State.ACTIVE && session.queue().offer() != null;
  }

  /** Whether staff of this role may see the queue: supervisors and specialists, not agents. */
  public static boolean mayView(Role role) {
    return role != Role.AGENT;
  }

  /** Every waiting escalation, as supervisors and helpdesk integrations see the queue. */
  public List<Waiting> all() {
    return entries().stream().map(Entry::row).toList();
  }

  /**
   * The queue as this member of staff may see it: supervisors see every escalation, a specialist
   * those they may take (offered to the whole queue or to them).
   *
   * @throws RefusalException PERMISSION_DENIED for first-line agents
   */
  public List<Waiting> visibleTo(Agent viewer) {
    if (!mayView(viewer.role())) {
      throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "role.required");
    }
    return entries().stream()
        .filter(e -> viewer.role() == Role.SUPERVISOR || e.offer().admits(viewer))
        .map(Entry::row)
        .toList();
  }

  private List<Entry> entries() {
    Instant now = clock.instant();
    List<Entry> entries = new ArrayList<>();
    for (LiveSession session : live.get()) {
      // Copied under the session's lock, so the sort below sees values that no longer move.
      Offer offer;
      int order;
      String category;
      synchronized (session) {
        if (!isWaiting(session)) {
          continue;
        }
        offer = session.queue().offer();
        order = session.queue().priority();
        category = session.queue().category();
      }
      Registration r = session.registration();
      entries.add(
          new Entry(
              offer,
              order,
              new Waiting(
                  session.id(),
                  session.ticketId(),
                  r.customerName(),
                  r.licenceKey(),
                  r.product(),
                  r.installedVersion(),
                  category,
                  order == Integer.MAX_VALUE ? 0 : order,
                  offer.escalatedBy(),
                  offer.specialist(),
                  offer.assignedBy(),
                  offer.note(),
                  offer.at(),
                  Duration.between(offer.at(), now))));
    }
    entries.sort(SERVED_FIRST);
    return entries;
  }
}
