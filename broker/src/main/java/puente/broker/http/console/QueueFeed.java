package puente.broker.http.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import puente.broker.auth.Agent;
import puente.broker.policy.SupportPolicy;
import puente.broker.session.QueueBoard;

/**
 * The queue page's server-sent events ({@link ConsoleFeed}): a new, taken or reassigned escalation
 * is pushed at the next look, the waiting times at most every {@link ConsoleFeed#REFRESH}.
 *
 * <p>Each member of staff gets their own rendering: a specialist sees only what they may take, and
 * a supervisor's assignment forms carry that supervisor's CSRF token. Open queue pages are few (the
 * supervisors and specialists on shift), so this costs little. The stream is for those who may see
 * the queue, and ends when they lose access.
 */
final class QueueFeed implements ConsoleFeed.Board<QueueFeed.Look> {
  static final String EVENTS = QueuePages.PATH + "/events";

  private final QueueBoard board;
  private final Supplier<List<Agent>> specialists;
  private final Pages pages;
  private final Clock clock;
  private final ConsoleFeed<Look> feed;

  /**
   * One look at the queue. The specialists a supervisor may name are read once a look, and only if
   * a supervisor is watching; a look is rendered on one thread at a time.
   */
  static final class Look {
    private final List<QueueBoard.Waiting> all;
    private final Supplier<List<Agent>> specialists;
    private List<Agent> assignable;

    private Look(List<QueueBoard.Waiting> all, Supplier<List<Agent>> specialists) {
      this.all = all;
      this.specialists = specialists;
    }

    private List<Agent> assignable() {
      if (assignable == null) {
        assignable = specialists.get();
      }
      return assignable;
    }
  }

  QueueFeed(
      QueueBoard board,
      Supplier<List<Agent>> specialists,
      Pages pages,
      ConsoleAuth auth,
      Supplier<SupportPolicy> policy,
      Clock clock) {
    this.board = board;
    this.specialists = specialists;
    this.pages = pages;
    this.clock = clock;
    this.feed =
        new ConsoleFeed<>(
            EVENTS,
            "queue",
            staff -> QueueBoard.mayView(staff.agent().role()),
            this,
            pages,
            auth,
            policy,
            clock);
  }

  void mount(Vertx vertx, Router router) {
    feed.mount(vertx, router);
  }

  /** What this member of staff sees in the queue now. Blocking (reads the specialists). */
  QueueView view(Staff staff) {
    return view(read(), staff, clock.instant());
  }

  private QueueView view(Look look, Staff staff, Instant now) {
    return staff.supervises()
        ? new QueueView(staff, look.all, look.assignable(), now)
        : new QueueView(staff, board.visibleTo(staff.agent()), List.of(), now);
  }

  @Override
  public Look read() {
    return new Look(board.all(), specialists);
  }

  /** Everything a page shows except the waiting times, which move on their own. */
  @Override
  public Object shape(Look look) {
    return look.all.stream()
        .map(
            r ->
                List.of(
                    r.sessionId(), r.priority(), r.offeredTo(), r.assignedBy(), r.escalatedBy()))
        .toList();
  }

  @Override
  public boolean moves(Look look) {
    return !look.all.isEmpty();
  }

  @Override
  public Object audience(Staff staff, String lang) {
    return List.of(staff, lang);
  }

  @Override
  public String render(Look look, Staff staff, Words w, Instant now) {
    return pages.render("queue_board.jte", Map.of("w", w, "view", view(look, staff, now)));
  }
}
