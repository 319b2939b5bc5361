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
import puente.broker.auth.Agent;
import puente.broker.session.QueueBoard;

/**
 * The queue page's server-sent events, on the same plan as "En vivo" ({@link LiveFeed}): one look
 * at the {@link QueueBoard} every {@link LiveFeed#LOOK} serves every open page; a new, taken or
 * reassigned escalation is pushed at the next look, the waiting times at most every {@link
 * LiveFeed#REFRESH}; browsers never poll.
 *
 * <p>Each open page gets its own rendering: a specialist sees only what they may take, and a
 * supervisor's assignment forms carry that supervisor's CSRF token. Open queue pages are few (the
 * supervisors and specialists on shift), so this costs little. The stream refuses another origin
 * and ends, with a notice, when its member of staff loses access (checked every second).
 */
final class QueueFeed {
  private static final Logger log = LoggerFactory.getLogger(QueueFeed.class);
  static final String EVENTS = QueuePages.PATH + "/events";
  private static final long ACCESS_CHECK = 1000;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

  private final QueueBoard board;
  private final Supplier<List<Agent>> specialists;
  private final Pages pages;
  private final ConsoleAuth auth;
  private final Supplier<ZoneId> zone;
  private final Clock clock;
  // Touched only on the event loop that runs the timers and the stream handlers.
  private final List<Stream> streams = new ArrayList<>();
  private volatile Object lastShape;
  private Instant lastPush = Instant.EPOCH;
  private boolean rendering;

  private record Stream(
      HttpServerResponse response, String lang, RoutingContext ctx, Staff staff) {}

  QueueFeed(
      QueueBoard board,
      Supplier<List<Agent>> specialists,
      Pages pages,
      ConsoleAuth auth,
      Supplier<ZoneId> zone,
      Clock clock) {
    this.board = board;
    this.specialists = specialists;
    this.pages = pages;
    this.auth = auth;
    this.zone = zone;
    this.clock = clock;
  }

  void mount(Vertx vertx, Router router) {
    router.get(EVENTS).handler(this::events);
    vertx.setPeriodic(LiveFeed.LOOK, id -> look(vertx));
    vertx.setPeriodic(ACCESS_CHECK, id -> checkAccess(vertx));
  }

  /** What this member of staff sees in the queue now. Blocking (reads the specialists). */
  QueueView view(Staff staff) {
    return staff.supervises()
        ? new QueueView(staff, board.all(), specialists.get(), clock.instant())
        : new QueueView(staff, board.visibleTo(staff.agent()), List.of(), clock.instant());
  }

  private String fragment(Words w, QueueView view) {
    return pages.render("queue_board.jte", Map.of("w", w, "view", view));
  }

  private void events(RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    if (!SameOrigin.allows(ctx)) {
      log.warn("cross-origin event stream refused: origin {}", ctx.request().getHeader("Origin"));
      ctx.response().setStatusCode(403).end();
      return;
    }
    if (!QueueBoard.mayView(staff.agent().role())) {
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
    Stream stream = new Stream(response, w.lang(), ctx, staff);
    streams.add(stream);
    response.closeHandler(closed -> streams.remove(stream));
    // The first rendering reads the database: off the event loop, then written in order.
    ctx.vertx()
        .executeBlocking(() -> event("queue", fragment(w, view(staff))), false)
        .onSuccess(
            text -> {
              if (streams.contains(stream)) {
                response.write(text);
              }
            })
        .onFailure(e -> log.warn("queue not rendered: {}", e.toString()));
  }

  /** Looks at the queue; pushes to every open page when what they see changed. */
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
              List<QueueBoard.Waiting> all = board.all();
              Object shape = shape(all);
              boolean changed = !Objects.equals(shape, lastShape);
              boolean due = !all.isEmpty() && !now.isBefore(lastPush.plus(LiveFeed.REFRESH));
              boolean quiet = !now.isBefore(lastPush.plus(KEEP_ALIVE));
              lastShape = shape;
              Map<Stream, String> rendered = new HashMap<>();
              if (changed || due) {
                List<Agent> assignable = null;
                for (Stream s : open) {
                  Words w = Words.of(s.lang(), zone.get());
                  QueueView view;
                  if (s.staff().supervises()) {
                    assignable = assignable == null ? specialists.get() : assignable;
                    view = new QueueView(s.staff(), all, assignable, now);
                  } else {
                    view = view(s.staff());
                  }
                  rendered.put(s, event("queue", fragment(w, view)));
                }
              } else if (quiet) {
                open.forEach(s -> rendered.put(s, ": still here\n\n"));
              }
              return rendered;
            },
            true)
        .onComplete(
            result -> {
              rendering = false;
              if (result.failed()) {
                log.warn("queue not pushed: {}", result.cause().toString());
                return;
              }
              if (result.result().isEmpty()) {
                return;
              }
              lastPush = now;
              result
                  .result()
                  .forEach(
                      (stream, text) -> {
                        if (streams.contains(stream) && !stream.response().writeQueueFull()) {
                          stream.response().write(text);
                        }
                      });
            });
  }

  /** Ends the streams of staff whose access was revoked or who may no longer see the queue. */
  private void checkAccess(Vertx vertx) {
    if (streams.isEmpty()) {
      return;
    }
    List<Stream> open = List.copyOf(streams);
    vertx
        .executeBlocking(
            () -> {
              Map<Stream, Optional<Staff>> now = new HashMap<>();
              for (Stream s : open) {
                now.put(
                    s,
                    auth.authenticate(s.ctx())
                        .filter(staff -> QueueBoard.mayView(staff.agent().role())));
              }
              return now;
            },
            false)
        .onSuccess(
            checked ->
                checked.forEach(
                    (s, staff) -> {
                      int at = streams.indexOf(s);
                      if (at < 0) {
                        return;
                      }
                      if (staff.isEmpty()) {
                        streams.remove(at);
                        Words w = Words.of(s.lang(), zone.get());
                        s.response()
                            .end(
                                event(
                                    "signed-out", pages.render("signed_out.jte", Map.of("w", w))));
                      } else if (!staff.get().agent().equals(s.staff().agent())) {
                        // A new role changes what they see: the next look renders it.
                        streams.set(at, new Stream(s.response(), s.lang(), s.ctx(), staff.get()));
                        lastShape = null;
                      }
                    }))
        .onFailure(e -> log.warn("console access check failed: {}", e.toString()));
  }

  /** Everything a page shows except the waiting times, which move on their own. */
  private static Object shape(List<QueueBoard.Waiting> rows) {
    return rows.stream()
        .map(
            r ->
                List.of(
                    r.sessionId(), r.priority(), r.offeredTo(), r.assignedBy(), r.escalatedBy()))
        .toList();
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
