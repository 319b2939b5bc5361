package puente.broker.http.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Agent;
import puente.broker.auth.Secrets;
import puente.broker.i18n.Messages;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalException;
import puente.broker.relay.Link;
import puente.broker.session.Capability;
import puente.broker.session.LiveBoard;
import puente.broker.session.LiveSession;
import puente.broker.session.SessionService;
import puente.v1.AgentEvent;

/**
 * "Ver pantalla": a live session's screen in the browser. The page ({@code GET
 * /console/watch/{session}}) draws the frames of a WebSocket ({@code …/socket}) on a canvas.
 *
 * <p>The socket is a member's stream like the agent app's: it joins through {@link
 * SessionService#watch} (a supervisor, or a specialist holding an offer; VIEW in the customer's
 * grant), so the customer sees the watcher by name and can remove them, and removal, pause,
 * narrowing and the end stop the frames at the broker. Before the upgrade it checks the Origin (a
 * page of another site is refused, CVE-2024-26135) and the console cookie; a join the session core
 * refuses is told to the page with its reason, then the socket closes.
 */
final class WatchPages {
  private static final Logger log = LoggerFactory.getLogger(WatchPages.class);
  static final String PREFIX = "/console/watch/";
  private static final String SOCKET = "/socket";

  private final SessionService sessions;
  private final LiveBoard board;
  private final Pages pages;
  private final ConsoleAuth auth;
  private final Supplier<SupportPolicy> policy;

  WatchPages(
      SessionService sessions,
      LiveBoard board,
      Pages pages,
      ConsoleAuth auth,
      Supplier<SupportPolicy> policy) {
    this.sessions = sessions;
    this.board = board;
    this.pages = pages;
    this.auth = auth;
    this.policy = policy;
  }

  /**
   * The live session of a ticket whose screen may be watched now (the customer shares it and
   * someone from staff attends), or empty.
   */
  static String watchable(LiveBoard.Snapshot snapshot, long ticketId) {
    return snapshot.sessions().stream()
        .filter(r -> r.ticketId() == ticketId && watchable(r))
        .map(LiveBoard.Row::sessionId)
        .findFirst()
        .orElse("");
  }

  /** Whether a live session's screen may be watched now. */
  static boolean watchable(LiveBoard.Row row) {
    return row.grant().contains(Capability.VIEW) && !row.staff().isEmpty();
  }

  /**
   * The page behind the console's sign-in check; the socket ahead of every other route, since the
   * body handler would read the request that the upgrade must take: it checks the Origin and the
   * cookie itself.
   */
  void mount(Vertx vertx, Router router) {
    router.get(PREFIX + ":session").handler(this::page);
    router.get(PREFIX + ":session" + SOCKET).order(-1).handler(ctx -> socket(vertx, ctx));
  }

  private void page(RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, policy.get());
    String id = ctx.pathParam("session");
    Optional<LiveBoard.Row> row =
        board.now().sessions().stream().filter(r -> r.sessionId().equals(id)).findFirst();
    Frame frame =
        new Frame(
            w,
            staff,
            w.t("watch.title"),
            staff.supervises() ? "live" : "tickets",
            Console.otherLanguage(ctx, w));
    if (row.isEmpty()) {
      pages.send(ctx, 404, "message.jte", Map.of("frame", frame, "text", w.t("watch.gone")));
      return;
    }
    pages.send(ctx, 200, "watch.jte", Map.of("frame", frame, "row", row.get()));
  }

  private void socket(Vertx vertx, RoutingContext ctx) {
    // A browser always sends Origin with a WebSocket; a missing one is not a page of ours.
    if (ctx.request().getHeader("Origin") == null || !SameOrigin.allows(ctx)) {
      log.warn("cross-origin watch socket refused: origin {}", ctx.request().getHeader("Origin"));
      ctx.response().setStatusCode(403).end();
      return;
    }
    ctx.request().pause();
    ConsoleAuth.blocking(vertx, () -> auth.authenticate(ctx))
        .onSuccess(
            staff -> {
              if (staff.isEmpty()) {
                ctx.response().setStatusCode(401).end();
                return;
              }
              Words w = Console.wordsOf(ctx, policy.get());
              Locale locale = Messages.resolve(w.htmlLang());
              String sessionId = ctx.pathParam("session");
              String credential =
                  Secrets.digest(ctx.request().getCookie(ConsoleAuth.COOKIE).getValue());
              Agent agent = staff.get().agent();
              ctx.request()
                  .toWebSocket()
                  .onSuccess(ws -> join(vertx, ws, agent, credential, sessionId, w, locale))
                  .onFailure(e -> log.warn("watch socket upgrade failed: {}", e.toString()));
            })
        .onFailure(ctx::fail);
  }

  private void join(
      Vertx vertx,
      ServerWebSocket ws,
      Agent agent,
      String credential,
      String sessionId,
      Words w,
      Locale locale) {
    Watcher watcher = new Watcher(vertx, agent, locale);
    WatchStream stream = new WatchStream(ws, w, watcher::askFullFrame);
    watcher.link = new Link<>(stream);
    ConsoleAuth.blocking(
            vertx,
            () -> {
              watcher.session = sessions.watch(agent, credential, sessionId, watcher.link, locale);
              stream.setOnCancelHandler(() -> ConsoleAuth.blocking(vertx, watcher::leave));
              if (ws.isClosed()) {
                return watcher.leave();
              }
              sessions.askFullFrame(watcher.session, agent, watcher.link, locale);
              return null;
            })
        .onSuccess(
            done -> log.info("{} watches session {} from the console", agent.username(), sessionId))
        .onFailure(failure -> refuse(ws, w, locale, agent, failure));
  }

  /** One browser watcher in a session, once joined. */
  private final class Watcher {
    private final Vertx vertx;
    private final Agent agent;
    private final Locale locale;
    private volatile Link<AgentEvent> link;
    private volatile LiveSession session;

    Watcher(Vertx vertx, Agent agent, Locale locale) {
      this.vertx = vertx;
      this.agent = agent;
      this.locale = locale;
    }

    /** The screen came back: ask for a full frame to draw from (off the event loop). */
    void askFullFrame() {
      LiveSession joined = session;
      if (joined != null) {
        ConsoleAuth.blocking(
            vertx,
            () -> {
              sessions.askFullFrame(joined, agent, link, locale);
              return null;
            });
      }
    }

    /** The page went away: the watcher leaves the session as a member who closed the app. */
    Void leave() {
      link.markGone();
      sessions.memberLeft(session, agent, true);
      return null;
    }
  }

  /** Tells the page why it may not watch, in its language, and closes. */
  private static void refuse(
      ServerWebSocket ws, Words w, Locale locale, Agent agent, Throwable failure) {
    String reason;
    String text;
    if (failure instanceof RefusalException refusal) {
      reason = refusal.reason().name();
      String own = w.t("watch.refused." + reason);
      text =
          !own.equals("watch.refused." + reason)
              ? own
              : refusal.messageKey() == null
                  ? refusal.refusal().getMessage()
                  : Messages.get(locale, refusal.messageKey(), refusal.args());
    } else {
      log.error("watch join failed for {}", agent.username(), failure);
      reason = "UNAVAILABLE";
      text = Messages.get(locale, "unavailable");
    }
    log.info("watch refused for {}: {}", agent.username(), reason);
    ws.writeTextMessage(
            new JsonObject()
                .put("kind", "stopped")
                .put("reason", reason)
                .put("title", w.t("watch.state.refused"))
                .put("text", text)
                .encode())
        .onComplete(written -> ws.close((short) 4403, reason));
  }
}
