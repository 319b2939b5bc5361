package puente.broker.http;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import puente.broker.auth.Agent;
import puente.broker.auth.ApiKey;
import puente.broker.auth.ApiKeys;
import puente.broker.auth.ApiScope;
import puente.broker.auth.Secrets;
import puente.broker.auth.TokenService;
import puente.broker.refusal.RefusalException;
import puente.broker.session.QueueBoard;
import puente.v1.RefusalReason;

/**
 * {@code GET /api/v1/queue}: the escalations waiting for a specialist, by priority then age (P15,
 * P17), the same list the console's "Cola" page and the agent app's {@code queue} show. A staff
 * login token sees it as its role does (supervisors all, specialists what they may take, agents
 * refused); an API key needs the {@code queue:read} scope and sees it as a supervisor does, read
 * only. Errors are the JSON of {@link HttpErrors}.
 */
public final class QueueApi {
  private static final String BEARER = "Bearer ";

  private final QueueBoard board;
  private final TokenService tokens;
  private final ApiKeys keys;

  /**
   * The API over the given queue.
   *
   * @param board the escalations waiting
   * @param tokens checks staff's bearer tokens
   * @param keys checks API keys
   */
  public QueueApi(QueueBoard board, TokenService tokens, ApiKeys keys) {
    this.board = requireNonNull(board, "board");
    this.tokens = requireNonNull(tokens, "tokens");
    this.keys = requireNonNull(keys, "keys");
  }

  /** Adds the route to a router. */
  void mount(Vertx vertx, Router router) {
    router.get("/api/v1/queue").handler(ctx -> list(vertx, ctx));
  }

  private void list(Vertx vertx, RoutingContext ctx) {
    Locale locale = TicketApi.locale(ctx);
    String header = ctx.request().getHeader("Authorization");
    vertx
        .executeBlocking(() -> json(visible(header)), false)
        .onSuccess(ctx::json)
        .onFailure(failure -> HttpErrors.respond(ctx, failure, locale));
  }

  /** The queue as the caller may see it; refuses an unknown caller or one without the right. */
  private List<QueueBoard.Waiting> visible(String header) {
    String token =
        header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : "";
    if (token.startsWith(ApiKey.PREFIX)) {
      Optional<ApiKey> key = keys.active(Secrets.digest(token));
      if (key.isPresent()) {
        if (!key.get().allows(ApiScope.QUEUE_READ)) {
          throw RefusalException.of(RefusalReason.PERMISSION_DENIED, "role.required");
        }
        return board.all();
      }
    } else if (!token.isEmpty()) {
      Optional<Agent> staff = tokens.authenticate(token);
      if (staff.isPresent()) {
        return board.visibleTo(staff.get());
      }
    }
    throw RefusalException.of(
        RefusalReason.UNAUTHENTICATED, header == null ? "auth.required" : "auth.expired");
  }

  private static JsonObject json(List<QueueBoard.Waiting> rows) {
    JsonArray items = new JsonArray();
    for (QueueBoard.Waiting r : rows) {
      items.add(
          new JsonObject()
              .put("sessionId", r.sessionId())
              .put("ticketId", r.ticketId())
              .put("customerName", r.customerName())
              .put("licenceKey", r.licenceKey())
              .put("product", r.product())
              .put("installedVersion", r.version())
              .put("category", r.category())
              .put("priority", r.priority() == 0 ? null : r.priority())
              .put("escalatedBy", r.escalatedBy())
              .put("offeredTo", r.offeredTo().isEmpty() ? null : r.offeredTo())
              .put("assignedBy", r.assignedBy().isEmpty() ? null : r.assignedBy())
              .put("note", r.note())
              .put("escalatedAt", r.escalatedAt().toString())
              .put("waitingSeconds", r.waiting().toSeconds()));
    }
    return new JsonObject().put("items", items).put("total", rows.size());
  }
}
