package puente.broker.http.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.session.LiveBoard;

/**
 * "En vivo": the page, and its server-sent events. One look at the {@link LiveBoard} every {@link
 * #LOOK} serves every open page: a change of who is in a session, the grant, pause or the set of
 * sessions is pushed at the next look; the counters that move on their own (duration, bytes) at
 * most every {@link #REFRESH}. Each push is rendered once per language and written to every open
 * stream; browsers never poll.
 *
 * <p>The event stream refuses a cross-origin request (CVE-2024-26135 was a WebSocket that did not),
 * and ends when its member of staff loses access: their token is checked every second.
 */
final class LiveFeed {
  private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
  static final long LOOK = 250;
  static final Duration REFRESH = Duration.ofSeconds(5);
  private static final long ACCESS_CHECK = 1000;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

  private final LiveBoard board;
  private final Pages pages;
  private final ConsoleAuth auth;
  private final Supplier<ZoneId> zone;
  private final Clock clock;
  // Touched only on the event loop that runs the timers and the stream handlers.
  private final List<Stream> streams = new ArrayList<>();
  private Object lastShape;
  private Instant lastPush = Instant.EPOCH;
  private boolean rendering;

  private record Stream(HttpServerResponse response, String lang, RoutingContext ctx) {}

  LiveFeed(LiveBoard board, Pages pages, ConsoleAuth auth, Supplier<ZoneId> zone, Clock clock) {
    this.board = board;
    this.pages = pages;
    this.auth = auth;
    this.zone = zone;
    this.clock = clock;
  }

  void mount(Vertx vertx, Router router) {
    router.get(Console.LIVE).handler(this::page);
    router.get("/console/live/events").handler(ctx -> events(vertx, ctx));
    vertx.setPeriodic(LOOK, id -> look(vertx));
    vertx.setPeriodic(ACCESS_CHECK, id -> checkAccess(vertx));
  }

  private void page(RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, zone.get());
    Frame frame = new Frame(w, staff, w.t("live.title"), "live", Console.otherLanguage(ctx, w));
    if (!staff.supervises()) {
      pages.send(ctx, 403, "message.jte", Map.of("frame", frame, "text", w.t("denied.body")));
      return;
    }
    pages.send(
        ctx, 200, "live.jte", Map.of("frame", frame, "board", board.now(), "now", clock.instant()));
  }

  private void events(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    if (!SameOrigin.allows(ctx)) {
      log.warn("cross-origin event stream refused: origin {}", ctx.request().getHeader("Origin"));
      ctx.response().setStatusCode(403).end();
      return;
    }
    if (!staff.supervises()) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    Words w = Console.wordsOf(ctx, zone.get());
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    Stream stream = new Stream(response, w.lang(), ctx);
    streams.add(stream);
    response.closeHandler(closed -> streams.remove(stream));
    response.write(event("live", fragment(w, board.now())));
  }

  /** Looks at the board; pushes when what a supervisor sees changed. */
  private void look(Vertx vertx) {
    if (streams.isEmpty() || rendering) {
      return;
    }
    rendering = true;
    Instant now = clock.instant();
    List<String> langs = streams.stream().map(Stream::lang).distinct().toList();
    vertx
        .executeBlocking(
            () -> {
              LiveBoard.Snapshot snapshot = board.now();
              Object shape = shape(snapshot);
              boolean changed = !Objects.equals(shape, lastShape);
              boolean due = !snapshot.sessions().isEmpty() && !now.isBefore(lastPush.plus(REFRESH));
              boolean quiet = !now.isBefore(lastPush.plus(KEEP_ALIVE));
              Map<String, String> rendered = new HashMap<>();
              if (changed || due) {
                for (String lang : langs) {
                  rendered.put(lang, event("live", fragment(Words.of(lang, zone.get()), snapshot)));
                }
              } else if (quiet) {
                langs.forEach(lang -> rendered.put(lang, ": still here\n\n"));
              }
              lastShape = shape;
              return rendered;
            },
            true)
        .onComplete(
            result -> {
              rendering = false;
              if (result.failed()) {
                log.warn("live board not pushed: {}", result.cause().toString());
                return;
              }
              if (result.result().isEmpty()) {
                return;
              }
              lastPush = now;
              for (Stream stream : List.copyOf(streams)) {
                String text = result.result().get(stream.lang());
                if (text != null && !stream.response().writeQueueFull()) {
                  stream.response().write(text);
                }
              }
            });
  }

  /** Ends the streams of staff whose access was revoked or who no longer supervise. */
  private void checkAccess(Vertx vertx) {
    if (streams.isEmpty()) {
      return;
    }
    List<Stream> open = List.copyOf(streams);
    vertx
        .executeBlocking(
            () ->
                open.stream()
                    .filter(s -> !auth.authenticate(s.ctx()).map(Staff::supervises).orElse(false))
                    .toList(),
            false)
        .onSuccess(
            revoked ->
                revoked.forEach(
                    s -> {
                      streams.remove(s);
                      Words w = Words.of(s.lang(), zone.get());
                      s.response()
                          .end(event("signed-out", pages.render("signed_out.jte", Map.of("w", w))));
                    }))
        .onFailure(e -> log.warn("console access check failed: {}", e.toString()));
  }

  /** Everything a supervisor sees except the counters that move on their own. */
  private static Object shape(LiveBoard.Snapshot snapshot) {
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

  private String fragment(Words w, LiveBoard.Snapshot snapshot) {
    return pages.render(
        "live_board.jte", Map.of("w", w, "board", snapshot, "now", clock.instant()));
  }

  /** One SSE event; each line of the HTML is a data line. */
  private static String event(String name, String html) {
    StringBuilder out = new StringBuilder("event: ").append(name).append('\n');
    for (String line : html.split("\n", -1)) {
      out.append("data: ").append(line).append('\n');
    }
    return out.append('\n').toString();
  }
}
