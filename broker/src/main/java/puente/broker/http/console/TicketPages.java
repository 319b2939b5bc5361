package puente.broker.http.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.CaseBook;
import puente.broker.ticket.TicketDesk;
import puente.broker.ticket.TicketFilter;
import puente.broker.ticket.TicketState;
import puente.broker.ticket.TicketView;
import puente.broker.ticket.TimelineEntry;
import puente.v1.RefusalReason;

/**
 * The tickets in the console: a list filtered by state, category, agent, customer and the dates it
 * was received, a page at a time; and one ticket with its clocks (P13, P16, P19), billable time
 * (P8) and its timeline in words. Reads run off the event loop.
 */
final class TicketPages {
  static final int PAGE_SIZE = 25;

  private final TicketDesk desk;
  private final Pages pages;
  private final Supplier<SupportPolicy> policy;
  private final Clock clock;
  private final puente.broker.session.LiveBoard board;

  TicketPages(
      TicketDesk desk,
      Pages pages,
      Supplier<SupportPolicy> policy,
      Clock clock,
      puente.broker.session.LiveBoard board) {
    this.desk = desk;
    this.board = board;
    this.pages = pages;
    this.policy = policy;
    this.clock = clock;
  }

  void mount(Vertx vertx, Router router) {
    router.get(Console.TICKETS).handler(ctx -> list(vertx, ctx));
    router.get(Console.TICKETS + "/:id").handler(ctx -> show(vertx, ctx));
  }

  private void list(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, policy.get());
    Frame frame =
        new Frame(w, staff, w.t("tickets.title"), "tickets", Console.otherLanguage(ctx, w));
    TicketQuery query =
        new TicketQuery(
            param(ctx, "state"),
            param(ctx, "category"),
            param(ctx, "agent"),
            param(ctx, "customer"),
            param(ctx, "from"),
            param(ctx, "to"));
    Map<String, Object> model = new HashMap<>();
    model.put("frame", frame);
    model.put("query", query);
    model.put("states", List.of(TicketState.values()));
    model.put("now", clock.instant());
    TicketFilter filter;
    int page;
    try {
      filter = filter(query, policy.get().zone());
      page = Math.max(1, Integer.parseInt(param(ctx, "page").isEmpty() ? "1" : param(ctx, "page")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      model.put("error", w.t("tickets.badFilter", e.getMessage()));
      model.put("items", List.of());
      model.put("page", 1);
      model.put("pages", 1L);
      model.put("total", 0L);
      pages.send(ctx, 400, "tickets.jte", model);
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              CaseBook.Page found = desk.search(filter, page, PAGE_SIZE);
              return Map.entry(desk.views(found.items()), found.total());
            },
            false)
        .onSuccess(
            found -> {
              long total = found.getValue();
              model.put("error", "");
              model.put("items", found.getKey());
              model.put("page", page);
              model.put("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE));
              model.put("total", total);
              pages.send(ctx, 200, "tickets.jte", model);
            })
        .onFailure(ctx::fail);
  }

  private void show(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, policy.get());
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      id = -1;
    }
    long ticketId = id;
    Frame frame =
        new Frame(
            w,
            staff,
            w.t("ticket.title", "#" + ticketId),
            "tickets",
            Console.otherLanguage(ctx, w));
    vertx
        .executeBlocking(
            () -> {
              TicketView view = desk.view(desk.find(ticketId));
              List<TimelineEntry> timeline = desk.timeline(ticketId);
              return Map.entry(view, timeline);
            },
            false)
        .onSuccess(
            found ->
                pages.send(
                    ctx,
                    200,
                    "ticket.jte",
                    Map.of(
                        "frame", frame,
                        "view", found.getKey(),
                        "timeline", found.getValue(),
                        "now", clock.instant(),
                        "watch", WatchPages.watchable(board.now(), ticketId))))
        .onFailure(
            failure -> {
              if (failure instanceof RefusalException refusal
                  && refusal.reason() == RefusalReason.TICKET_NOT_FOUND) {
                pages.send(
                    ctx,
                    404,
                    "message.jte",
                    Map.of("frame", frame, "text", w.t("ticket.notFound", "#" + ticketId)));
              } else {
                ctx.fail(failure);
              }
            });
  }

  /** The domain's filter from the form; dates are whole days on the office's calendar. */
  static TicketFilter filter(TicketQuery q, ZoneId zone) {
    TicketState state =
        q.state().isEmpty() ? null : TicketState.valueOf(q.state().toUpperCase(Locale.ROOT));
    Instant from =
        q.from().isEmpty() ? null : LocalDate.parse(q.from()).atStartOfDay(zone).toInstant();
    Instant before =
        q.to().isEmpty()
            ? null
            : LocalDate.parse(q.to()).plusDays(1).atStartOfDay(zone).toInstant();
    return new TicketFilter(
        state,
        blankToNull(q.category()),
        blankToNull(q.agent()),
        blankToNull(q.customer()),
        from,
        before);
  }

  private static String blankToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private static String param(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null ? "" : value.strip();
  }
}
