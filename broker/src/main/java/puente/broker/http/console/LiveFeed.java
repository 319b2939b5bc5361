package puente.broker.http.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import puente.broker.policy.SupportPolicy;
import puente.broker.session.LiveBoard;

/**
 * "En vivo": the page, and its server-sent events ({@link ConsoleFeed}). A change of who is in a
 * session, the grant, pause or the set of sessions is pushed at the next look; the counters that
 * move on their own (duration, bytes) at most every {@link ConsoleFeed#REFRESH}. Every supervisor
 * sees the same board, so each push is rendered once per language. The stream is for supervisors
 * only, and ends when its supervisor loses access.
 */
final class LiveFeed implements ConsoleFeed.Board<LiveBoard.Snapshot> {
  private final LiveBoard board;
  private final Pages pages;
  private final Supplier<SupportPolicy> policy;
  private final Clock clock;
  private final ConsoleFeed<LiveBoard.Snapshot> feed;

  LiveFeed(
      LiveBoard board, Pages pages, ConsoleAuth auth, Supplier<SupportPolicy> policy, Clock clock) {
    this.board = board;
    this.pages = pages;
    this.policy = policy;
    this.clock = clock;
    this.feed =
        new ConsoleFeed<>(
            Console.LIVE + "/events", "live", Staff::supervises, this, pages, auth, policy, clock);
  }

  void mount(Vertx vertx, Router router) {
    router.get(Console.LIVE).handler(ctx -> page(vertx, ctx));
    feed.mount(vertx, router);
  }

  /** The page, rendered off the event loop: with a thousand live sessions it is most of a MB. */
  private void page(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, policy.get());
    Frame frame = new Frame(w, staff, w.t("live.title"), "live", Console.otherLanguage(ctx, w));
    if (!staff.supervises()) {
      pages.send(ctx, 403, "message.jte", Map.of("frame", frame, "text", w.t("denied.body")));
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              LiveBoard.Snapshot seen = board.now();
              return pages.render(
                  "live.jte",
                  Map.of(
                      "frame",
                      frame,
                      "board",
                      seen,
                      "now",
                      clock.instant(),
                      "shown",
                      feed.shown(seen)));
            },
            false)
        .onSuccess(html -> pages.send(ctx, 200, html))
        .onFailure(ctx::fail);
  }

  @Override
  public LiveBoard.Snapshot read() {
    return board.now();
  }

  /** Everything a supervisor sees except the counters that move on their own. */
  @Override
  public Object shape(LiveBoard.Snapshot snapshot) {
    return snapshot.sessions().stream()
        .map(
            r ->
                List.of(
                    r.sessionId(),
                    r.state(),
                    Optional.ofNullable(r.startedAt()).map(Object::toString).orElse(""),
                    r.grant(),
                    r.paused(),
                    r.staff()))
        .toList();
  }

  @Override
  public boolean moves(LiveBoard.Snapshot snapshot) {
    return !snapshot.sessions().isEmpty();
  }

  @Override
  public Object audience(Staff staff, String lang) {
    return lang;
  }

  @Override
  public String render(LiveBoard.Snapshot snapshot, Staff staff, Words w, Instant now) {
    return pages.render("live_board.jte", Map.of("w", w, "board", snapshot, "now", now));
  }
}
