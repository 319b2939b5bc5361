package puente.broker.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import puente.broker.auth.ApiKey;
import puente.broker.auth.ApiKeys;
import puente.broker.auth.ApiScope;
import puente.broker.auth.Secrets;
import puente.broker.auth.TokenService;
import puente.broker.i18n.Messages;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketDesk;
import puente.broker.ticket.TicketState;
import puente.broker.ticket.TicketView;
import puente.broker.ticket.TimelineEntry;
import puente.text.TicketStates;
import puente.v1.RefusalReason;

/**
 * The read-only JSON API on tickets for helpdesk integration: {@code GET /api/v1/tickets}
 * (paginated, optionally by state), {@code GET /api/v1/tickets/{id}} and {@code GET
 * /api/v1/tickets/{id}/timeline}. Callers authenticate with {@code Authorization: Bearer …}: a
 * staff login token, or an API key with the {@code tickets:read} scope (a helpdesk integration; it
 * reaches nothing but this API). Both are checked against the database on every request, so a
 * revoked one is refused at once. Checks and queries run off the event loop. Errors are JSON {@code
 * {"reason": ..., "message": ...}} with a matching HTTP status, the message in the caller's {@code
 * Accept-Language} or {@code ?lang=} (es-MX by default); so is each ticket's {@code stateText}.
 */
public final class TicketApi {
  private static final String BEARER = "Bearer ";
  private static final int DEFAULT_SIZE = 20;
  private static final int MAX_SIZE = 100;

  private final TicketDesk desk;
  private final TokenService tokens;
  private final ApiKeys keys;
  private final Clock clock;

  /**
   * The API over the given desk.
   *
   * @param desk where tickets are read
   * @param tokens checks staff's bearer tokens
   * @param keys checks API keys
   * @param clock when a key was last used
   */
  public TicketApi(TicketDesk desk, TokenService tokens, ApiKeys keys, Clock clock) {
    this.desk = requireNonNull(desk, "desk");
    this.tokens = requireNonNull(tokens, "tokens");
    this.keys = requireNonNull(keys, "keys");
    this.clock = requireNonNull(clock, "clock");
  }

  /** Adds the routes to a router. */
  void mount(Vertx vertx, Router router) {
    router.get("/api/v1/tickets").handler(ctx -> serve(vertx, ctx, this::list));
    router.get("/api/v1/tickets/:id").handler(ctx -> serve(vertx, ctx, this::show));
    router.get("/api/v1/tickets/:id/timeline").handler(ctx -> serve(vertx, ctx, this::timeline));
  }

  private void serve(Vertx vertx, RoutingContext ctx, Function<RoutingContext, JsonObject> call) {
    Locale locale = locale(ctx);
    String header = ctx.request().getHeader("Authorization");
    Callable<JsonObject> work =
        () -> {
          authenticate(header);
          return call.apply(ctx);
        };
    vertx
        .executeBlocking(work, false)
        .onSuccess(ctx::json)
        .onFailure(failure -> HttpErrors.respond(ctx, failure, locale));
  }

  /** Lets a staff token or an API key that may read tickets through; refuses anything else. */
  private void authenticate(String header) {
    String token =
        header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : "";
    boolean known;
    if (token.isEmpty()) {
      known = false;
    } else if (token.startsWith(ApiKey.PREFIX)) {
      Optional<ApiKey> key = keys.active(Secrets.digest(token));
      if (key.isPresent() && !key.get().allows(ApiScope.TICKETS_READ)) {
        throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "role.required");
      }
      known = key.isPresent();
      key.ifPresent(k -> keys.noteUse(k, clock.instant()));
    } else {
      known = tokens.authenticate(token).isPresent();
    }
    if (!known) {
      throw RefusalException.of(
          RefusalReason.UNAUTHENTICATED, header == null ? "auth.required" : "auth.expired");
    }
  }

  private JsonObject list(RoutingContext ctx) {
    int page = number(ctx, "page", 1, Integer.MAX_VALUE, 1);
    int size = number(ctx, "size", 1, MAX_SIZE, DEFAULT_SIZE);
    String stateParam = ctx.request().getParam("state");
    TicketState state = null;
    if (stateParam != null && !stateParam.isBlank()) {
      try {
        state = TicketState.valueOf(stateParam.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw invalid(
            "state: "
                + stateParam
                + " (expected: one of "
                + java.util.Arrays.toString(TicketState.values())
                + ")");
      }
    }
    puente.broker.ticket.CaseBook.Page found = desk.page(state, page, size);
    JsonArray items = new JsonArray();
    Locale locale = locale(ctx);
    desk.views(found.items()).forEach(view -> items.add(json(view, locale)));
    return new JsonObject()
        .put("items", items)
        .put("page", page)
        .put("size", size)
        .put("total", found.total());
  }

  private JsonObject show(RoutingContext ctx) {
    return json(desk.view(desk.find(id(ctx))), locale(ctx));
  }

  private JsonObject timeline(RoutingContext ctx) {
    long id = id(ctx);
    desk.find(id);
    JsonArray entries = new JsonArray();
    for (TimelineEntry entry : desk.timeline(id)) {
      entries.add(
          new JsonObject()
              .put("at", entry.at().toString())
              .put("actor", entry.actor())
              .put("kind", entry.kind().name())
              .put("detail", entry.detail())
              .put("sessionId", entry.sessionId()));
    }
    return new JsonObject().put("ticketId", id).put("entries", entries);
  }

  /**
   * The JSON form of a ticket view; absent values are null. The state comes as its code and, in
   * {@code stateText}, as the word staff read in the agent app, in the caller's language.
   */
  static JsonObject json(TicketView view, Locale locale) {
    Ticket t = view.ticket();
    return new JsonObject()
        .put("id", t.id())
        .put("state", t.state().name())
        .put("stateText", TicketStates.word(t.state().name(), locale))
        .put("closeReason", t.closeReason() == null ? null : t.closeReason().name())
        .put("customerName", t.origin().customerName())
        .put("licenceKey", t.origin().licenceKey())
        .put("product", t.origin().product())
        .put("installedVersion", t.origin().installedVersion())
        .put("hostname", t.origin().hostname())
        .put("category", t.category())
        .put("priority", t.priority())
        .put("assignee", t.assignee())
        .put("openedAt", text(t.openedAt()))
        .put("acknowledgedAt", text(t.acknowledgeAt()))
        .put("acknowledged", t.acknowledged())
        .put("updatedAt", text(t.updatedAt()))
        .put("closedAt", text(t.closedAt()))
        .put("waitingSince", text(t.waitingSince()))
        .put("contactAttempts", t.contactAttempts())
        .put("silenceEndsAt", text(view.silenceEndsAt()))
        .put("informationCompleteAt", text(t.informationCompleteAt()))
        .put("dueAt", text(t.dueAt()))
        .put("dueStatus", view.dueStatus().name())
        .put("reproduced", t.reproduced())
        .put("promisedRelease", t.promisedRelease())
        .put("thirdParty", t.thirdParty())
        .put("thirdPartyDeliveredAt", text(t.thirdPartyDeliveredAt()))
        .put("duplicateOf", t.duplicateOf())
        .put("follows", t.follows())
        .put("billableSeconds", view.billable().toSeconds())
        .put("ageSeconds", view.age().toSeconds());
  }

  /** The caller's language: {@code ?lang=} first, then {@code Accept-Language}; es-MX default. */
  static Locale locale(RoutingContext ctx) {
    String lang = ctx.request().getParam("lang");
    return Messages.resolve(
        lang != null && !lang.isBlank() ? lang : ctx.request().getHeader("Accept-Language"));
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  private static long id(RoutingContext ctx) {
    String value = ctx.pathParam("id");
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw invalid("id: " + value + " (expected: a ticket number)");
    }
  }

  private static int number(RoutingContext ctx, String name, int min, int max, int otherwise) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name + ": " + value + " (expected: " + min + " to " + max + ")");
  }

  private static RefusalException invalid(String what) {
    return RefusalException.of(RefusalReason.INVALID_REQUEST, "request.invalid", what);
  }
}
