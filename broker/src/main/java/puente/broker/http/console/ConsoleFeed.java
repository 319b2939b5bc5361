package puente.broker.http.console;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.policy.SupportPolicy;

/**
 * A console page's server-sent events. One look at a board every {@link #LOOK} serves every open
 * page: a change of what the pages show is pushed at the next look; what moves on its own
 * (durations, waiting times) at most every {@link #REFRESH}; a quiet stream gets a comment every
 * {@link #KEEP_ALIVE} so that proxies keep it open. Browsers never poll.
 *
 * <p>A push is rendered once per {@linkplain Board#audience audience} (pages that see the same
 * thing) and written to each of its open streams. The stream refuses a cross-origin request
 * (CVE-2024-26135 was a WebSocket that did not) and ends, with a notice, when its member of staff
 * loses access: their token is checked every second.
 *
 * @param <T> what one look at the board reads
 */
final class ConsoleFeed<T> {
  private static final Logger log = LoggerFactory.getLogger(ConsoleFeed.class);
  static final long LOOK = 250;
  static final Duration REFRESH = Duration.ofSeconds(5);
  private static final long ACCESS_CHECK = 1000;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);
  private static final String STILL_HERE = ": still here\n\n";

  /** What one feed shows, and to whom. */
  interface Board<T> {
    /** The board now. Blocking: runs off the event loop. */
    T read();

    /** Everything a page shows except what moves on its own; a new shape is pushed at once. */
    Object shape(T board);

    /** Whether something on the board moves on its own, and so is pushed every {@link #REFRESH}. */
    boolean moves(T board);

    /** Pages with the same audience see the same rendering: it is rendered once for all. */
    Object audience(Staff staff, String lang);

    /** The HTML one member of staff sees. Blocking: runs off the event loop. */
    String render(T board, Staff staff, Words w, Instant now);
  }

  private final String path;
  private final String eventName;
  private final Predicate<Staff> mayWatch;
  private final Board<T> board;
  private final Pages pages;
  private final ConsoleAuth auth;
  private final Supplier<SupportPolicy> policy;
  private final Clock clock;
  // Touched only on the event loop that runs the timers and the stream handlers.
  private final List<Stream> streams = new ArrayList<>();
  private volatile Object lastShape;
  // From the start, not the epoch: a stream that just opened needs its board, not a keep-alive.
  private volatile Instant lastPush;
  private boolean rendering;

  private record Stream(
      HttpServerResponse response, String lang, RoutingContext ctx, Staff staff, Object audience) {}

  /**
   * A feed, not yet mounted.
   *
   * @param path where the event stream is served
   * @param eventName the SSE event that carries a rendering
   * @param mayWatch who may open the stream, and keep it open
   * @param board what is shown
   */
  ConsoleFeed(
      String path,
      String eventName,
      Predicate<Staff> mayWatch,
      Board<T> board,
      Pages pages,
      ConsoleAuth auth,
      Supplier<SupportPolicy> policy,
      Clock clock) {
    this.path = requireNonNull(path, "path");
    this.eventName = requireNonNull(eventName, "eventName");
    this.mayWatch = requireNonNull(mayWatch, "mayWatch");
    this.board = requireNonNull(board, "board");
    this.pages = pages;
    this.auth = auth;
    this.policy = policy;
    this.clock = clock;
    this.lastPush = clock.instant();
  }

  /** Serves the event stream and starts looking at the board. */
  void mount(Vertx vertx, Router router) {
    router.get(path).handler(ctx -> events(vertx, ctx));
    vertx.setPeriodic(LOOK, id -> look(vertx));
    vertx.setPeriodic(ACCESS_CHECK, id -> checkAccess(vertx));
  }

  private void events(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    if (!SameOrigin.allows(ctx)) {
      log.warn("cross-origin event stream refused: origin {}", ctx.request().getHeader("Origin"));
      ctx.response().setStatusCode(403).end();
      return;
    }
    if (!mayWatch.test(staff)) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    String lang = Console.wordsOf(ctx, policy.get()).lang();
    ctx.response()
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no")
        // The stream is open before its first event, which a page that shows the board waits for.
        .writeHead();
    Stream stream = new Stream(ctx.response(), lang, ctx, staff, board.audience(staff, lang));
    boolean alone = streams.isEmpty();
    streams.add(stream);
    // By its response: a new role replaces the stream's record.
    ctx.response().closeHandler(closed -> streams.removeIf(s -> s.response() == ctx.response()));
    sendFirst(vertx, stream, ctx.request().getParam("shown"), alone);
  }

  /**
   * What a page shows, as a short mark it sends back when it opens its stream: a page that already
   * shows the board as it is is not sent it again (with a thousand live sessions that is most of a
   * megabyte, just as the page finished drawing the same rows). What moves on its own comes with
   * the next refresh.
   */
  String shown(T seen) {
    return Integer.toHexString(Objects.hashCode(board.shape(seen)));
  }

  /**
   * A page's first rendering, on its own: read off the event loop, then written, unless the page
   * already shows it ({@code shown}, or null to send it regardless). A page that is the only one
   * open (the first, or one reloaded) shows what the next look compares with.
   */
  private void sendFirst(Vertx vertx, Stream stream, String shown, boolean alone) {
    vertx
        .executeBlocking(
            () -> {
              T seen = board.read();
              if (alone) {
                lastShape = board.shape(seen);
              }
              return shown != null && shown.equals(shown(seen))
                  ? null
                  : render(seen, stream, clock.instant());
            },
            false)
        .onSuccess(
            text -> {
              if (text != null && streams.contains(stream)) {
                stream.response().write(text);
              }
            })
        .onFailure(e -> log.warn("{} not rendered: {}", eventName, e.toString()));
  }

  /** Looks at the board; pushes to every open page when what it shows changed. */
  private void look(Vertx vertx) {
    if (streams.isEmpty() || rendering) {
      return;
    }
    rendering = true;
    Instant now = clock.instant();
    List<Stream> open = List.copyOf(streams);
    vertx
        .executeBlocking(
            () -> {
              T seen = board.read();
              Object shape = board.shape(seen);
              boolean changed = !Objects.equals(shape, lastShape);
              boolean due = board.moves(seen) && !now.isBefore(lastPush.plus(REFRESH));
              boolean quiet = !now.isBefore(lastPush.plus(KEEP_ALIVE));
              Map<Object, String> rendered = new HashMap<>();
              if (changed || due) {
                for (Stream s : open) {
                  if (!rendered.containsKey(s.audience())) {
                    rendered.put(s.audience(), render(seen, s, now));
                  }
                }
              } else if (quiet) {
                open.forEach(s -> rendered.put(s.audience(), STILL_HERE));
              }
              lastShape = shape;
              return rendered;
            },
            true)
        .onComplete(
            result -> {
              rendering = false;
              if (result.failed()) {
                log.warn("{} not pushed: {}", eventName, result.cause().toString());
                return;
              }
              if (result.result().isEmpty()) {
                return;
              }
              lastPush = now;
              for (Stream stream : List.copyOf(streams)) {
                String text = result.result().get(stream.audience());
                if (text != null && !stream.response().writeQueueFull()) {
                  stream.response().write(text);
                }
              }
            });
  }

  private String render(T seen, Stream stream, Instant now) {
    Words w = Words.of(stream.lang(), policy.get());
    return event(eventName, board.render(seen, stream.staff(), w, now));
  }

  /**
   * Ends the streams of staff whose access was revoked or who may no longer watch; a page whose
   * member of staff now sees something else (a new role) gets its own rendering at once.
   */
  private void checkAccess(Vertx vertx) {
    if (streams.isEmpty()) {
      return;
    }
    List<Stream> open = List.copyOf(streams);
    vertx
        .executeBlocking(
            () -> {
              Map<Stream, Optional<Staff>> checked = new HashMap<>();
              for (Stream s : open) {
                checked.put(s, auth.authenticate(s.ctx()).filter(mayWatch));
              }
              return checked;
            },
            false)
        .onSuccess(checked -> checked.forEach((s, staff) -> recheck(vertx, s, staff)))
        .onFailure(e -> log.warn("console access check failed: {}", e.toString()));
  }

  private void recheck(Vertx vertx, Stream stream, Optional<Staff> staff) {
    int at = streams.indexOf(stream);
    if (at < 0) {
      return;
    }
    if (staff.isEmpty()) {
      streams.remove(at);
      Words w = Words.of(stream.lang(), policy.get());
      stream.response().end(event("signed-out", pages.render("signed_out.jte", Map.of("w", w))));
      return;
    }
    Object audience = board.audience(staff.get(), stream.lang());
    if (!audience.equals(stream.audience())) {
      Stream now =
          new Stream(stream.response(), stream.lang(), stream.ctx(), staff.get(), audience);
      streams.set(at, now);
      sendFirst(vertx, now, null, false);
    }
  }

  /** One SSE event; each line of the HTML is a data line. */
  static String event(String name, String html) {
    StringBuilder out = new StringBuilder("event: ").append(name).append('\n');
    for (String line : html.split("\n", -1)) {
      out.append("data: ").append(line).append('\n');
    }
    return out.append('\n').toString();
  }
}
