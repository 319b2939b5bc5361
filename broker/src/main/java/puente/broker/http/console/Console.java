package puente.broker.http.console;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Agent;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.Role;
import puente.broker.auth.TokenService;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalLog;
import puente.broker.session.LiveBoard;
import puente.broker.session.SessionService;
import puente.broker.store.AgentStore;
import puente.broker.store.ApiKeyStore;
import puente.broker.store.StaffAudit;
import puente.broker.ticket.TicketDesk;

/**
 * The web console for supervisors, specialists and agents, under {@code /console}: sign-in with the
 * staff accounts, "En vivo" (every live session, pushed by server-sent events), "Cola" (the
 * escalations waiting for a specialist, {@link QueuePages}) and the tickets. Server-rendered HTML
 * ({@link Pages}); htmx and its SSE extension from webjars are the only scripts. Every response
 * carries the security headers; every request past sign-in is checked against the database ({@link
 * ConsoleAuth}); every POST must carry the member's CSRF token.
 */
public final class Console {
  private static final Logger log = LoggerFactory.getLogger(Console.class);
  static final String LANG_COOKIE = "puente_lang";
  static final String LIVE = "/console/live";
  static final String TICKETS = "/console/tickets";

  private final ConsoleAuth auth;
  private final Pages pages = new Pages();
  private final LiveFeed live;
  private final TicketPages tickets;
  private final QueuePages queue;
  private final RefusalPages refusals;
  private final WatchPages watch;
  private final Supplier<SupportPolicy> policy;
  private final Clock clock;
  private StaffPages staff;

  /**
   * The console over the broker's parts.
   *
   * @param tokens staff sign-in and token checks (the agent app's own)
   * @param sessions the login throttle and the live sessions
   * @param desk where tickets are read
   * @param refusals where refused requests are read
   * @param policy the support policy in force: its time zone, in which times are shown, and its
   *     categories' names
   * @param clock the broker's clock
   * @param tls whether the HTTP listener serves TLS (cookies are then Secure)
   * @param specialists the enabled specialists a supervisor may assign an escalation to (blocking)
   */
  public Console(
      TokenService tokens,
      SessionService sessions,
      TicketDesk desk,
      RefusalLog refusals,
      Supplier<SupportPolicy> policy,
      Clock clock,
      boolean tls,
      Supplier<List<Agent>> specialists) {
    this.auth = new ConsoleAuth(tokens, sessions, tls);
    this.policy = requireNonNull(policy, "policy");
    this.clock = requireNonNull(clock, "clock");
    LiveBoard board = sessions.board();
    this.live = new LiveFeed(board, pages, auth, policy, clock);
    this.tickets = new TicketPages(desk, pages, policy, clock, board);
    this.queue =
        new QueuePages(
            sessions.queueBoard(),
            sessions::assignEscalation,
            new QueueFeed(sessions.queueBoard(), specialists, pages, auth, policy, clock),
            pages,
            policy);
    this.refusals = new RefusalPages(refusals, pages, policy, clock);
    this.watch = new WatchPages(sessions, board, pages, auth, policy);
  }

  /**
   * Adds "Personal" for supervisors: staff accounts, API keys and the audit log, changed through
   * the same stores as the operator's commands. Call before {@link #mount}.
   *
   * @return this console
   */
  public Console withStaffAdmin(AgentStore accounts, ApiKeyStore keys, StaffAudit audit) {
    this.staff = new StaffPages(accounts, keys, audit, new PasswordHasher(), pages, policy, clock);
    return this;
  }

  /** Adds the console's routes to a router, and starts pushing live updates. */
  public void mount(Vertx vertx, Router router) {
    router.route("/console*").handler(Console::securityHeaders);
    router
        .route("/console*")
        .handler(
            CSPHandler.create()
                .addDirective("default-src", "'self'")
                .addDirective("script-src", "'self'")
                .addDirective("style-src", "'self'")
                .addDirective("img-src", "'self' data:")
                .addDirective("connect-src", "'self'")
                .addDirective("object-src", "'none'")
                .addDirective("base-uri", "'none'")
                .addDirective("form-action", "'self'")
                .addDirective("frame-ancestors", "'none'"));
    router.route("/console*").handler(XFrameHandler.create(XFrameHandler.DENY));
    router
        .get("/console/webjars/*")
        .handler(StaticHandler.create("META-INF/resources/webjars").setDirectoryListing(false));
    router
        .get("/console/assets/*")
        .handler(
            StaticHandler.create("puente/broker/http/console/assets").setDirectoryListing(false));
    router.get("/console").handler(ctx -> redirect(ctx, LIVE));
    router.get("/console/").handler(ctx -> redirect(ctx, LIVE));
    router.get("/console/login").handler(this::signInPage);
    router.post("/console/login").handler(ctx -> signIn(vertx, ctx));
    router.route("/console/*").handler(ctx -> requireStaff(vertx, ctx));
    router.post("/console/logout").handler(ctx -> signOut(vertx, ctx));
    live.mount(vertx, router);
    tickets.mount(vertx, router);
    queue.mount(vertx, router);
    if (staff != null) {
      staff.mount(vertx, router);
    }
    refusals.mount(vertx, router);
    watch.mount(vertx, router);
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin");
    ctx.next();
  }

  /**
   * The words for this request: {@code ?lang=}, then the language cookie, else Mexican Spanish
   * whatever the browser's language (the console is es-MX first, English on request).
   */
  Words words(RoutingContext ctx) {
    return wordsOf(ctx, policy.get());
  }

  static Words wordsOf(RoutingContext ctx, SupportPolicy policy) {
    String asked = ctx.request().getParam("lang");
    if (asked != null && (asked.equals("en") || asked.equals("es"))) {
      ctx.response()
          .addCookie(
              Cookie.cookie(LANG_COOKIE, asked)
                  .setPath("/console")
                  .setHttpOnly(true)
                  .setSameSite(CookieSameSite.STRICT)
                  .setMaxAge(365L * 24 * 3600));
      return Words.of(asked, policy);
    }
    Cookie chosen = ctx.request().getCookie(LANG_COOKIE);
    return Words.of(chosen == null ? "es-MX" : chosen.getValue(), policy);
  }

  /** The same page in the other language. */
  static String otherLanguage(RoutingContext ctx, Words w) {
    return ctx.request().path() + "?lang=" + w.t("lang.other.tag");
  }

  private void signInPage(RoutingContext ctx) {
    Words w = words(ctx);
    String note = ctx.request().getParam("m");
    String message =
        switch (note == null ? "" : note) {
          case "out" -> w.t("login.signedOut");
          case "expired" -> w.t("login.expired");
          default -> "";
        };
    signInForm(ctx, 200, w, message, "");
  }

  private void signInForm(RoutingContext ctx, int status, Words w, String message, String user) {
    Frame frame = new Frame(w, null, w.t("login.title"), "", otherLanguage(ctx, w));
    pages.send(
        ctx,
        status,
        "login.jte",
        Map.of("frame", frame, "csrf", auth.preSignIn(ctx), "message", message, "username", user));
  }

  private void signIn(Vertx vertx, RoutingContext ctx) {
    Words w = words(ctx);
    if (!ConsoleAuth.preSignInMatches(ctx)) {
      signInForm(ctx, 403, w, w.t("login.forged"), "");
      return;
    }
    String user = field(ctx, "username");
    String given = ctx.request().getFormAttribute("password");
    String password = given == null ? "" : given;
    String source = ctx.request().remoteAddress().hostAddress();
    ConsoleAuth.blocking(vertx, () -> auth.signIn(ctx, user, password, source))
        .onSuccess(
            result -> {
              if (result instanceof ConsoleAuth.SignIn.Done done) {
                log.info("console sign-in: {}", done.agent().username());
                redirect(ctx, done.agent().role() == Role.SUPERVISOR ? LIVE : TICKETS);
              } else if (result instanceof ConsoleAuth.SignIn.Throttled throttled) {
                signInForm(ctx, 429, w, w.t("login.throttled", throttled.seconds()), user);
              } else {
                signInForm(ctx, 401, w, w.t("login.failed"), user);
              }
            })
        .onFailure(ctx::fail);
  }

  /** Lets a signed-in member through with their CSRF-checked POSTs; sends others to sign in. */
  private void requireStaff(Vertx vertx, RoutingContext ctx) {
    ConsoleAuth.blocking(vertx, () -> auth.authenticate(ctx))
        .onSuccess(
            (Optional<Staff> staff) -> {
              if (staff.isEmpty()) {
                boolean had = ConsoleAuth.hadCookie(ctx);
                auth.clear(ctx);
                if (ctx.request().path().endsWith("/events")) {
                  ctx.response().setStatusCode(401).end();
                } else {
                  redirect(ctx, "/console/login" + (had ? "?m=expired" : ""));
                }
                return;
              }
              if (ctx.request().method() == HttpMethod.POST
                  && !ConsoleAuth.csrfMatches(ctx, staff.get())) {
                log.warn(
                    "console POST without a valid CSRF token refused: {}", ctx.request().path());
                Words w = words(ctx);
                Frame frame =
                    new Frame(w, staff.get(), w.t("denied.title"), "", otherLanguage(ctx, w));
                pages.send(
                    ctx, 403, "message.jte", Map.of("frame", frame, "text", w.t("login.forged")));
                return;
              }
              ctx.put(ConsoleAuth.STAFF, staff.get());
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  private void signOut(Vertx vertx, RoutingContext ctx) {
    ConsoleAuth.blocking(
            vertx,
            () -> {
              auth.signOut(ctx);
              return null;
            })
        .onSuccess(done -> redirect(ctx, "/console/login?m=out"))
        .onFailure(ctx::fail);
  }

  private static String field(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value.strip();
  }

  static void redirect(RoutingContext ctx, String to) {
    ctx.response().setStatusCode(303).putHeader("location", to).end();
  }
}
