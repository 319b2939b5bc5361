package puente.broker.http.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalCode;
import puente.broker.refusal.RefusalLog;
import puente.v1.RefusalReason;

/**
 * "Rechazos" for supervisors: the refused requests of today and of this week by reason, as a chart
 * and a table of the same numbers, each reason linking to its refused requests. Days and weeks are
 * the policy zone's, weeks from Monday, as the office's calendar runs. Reads run off the event
 * loop.
 */
final class RefusalPages {
  static final String PATH = "/console/refusals";

  /** The most refused requests one list shows. */
  static final int LIST_LIMIT = 200;

  private final RefusalLog log;
  private final Pages pages;
  private final Supplier<SupportPolicy> policy;
  private final Clock clock;

  /** The spans a list can show. */
  enum Span {
    TODAY,
    WEEK
  }

  RefusalPages(RefusalLog log, Pages pages, Supplier<SupportPolicy> policy, Clock clock) {
    this.log = log;
    this.pages = pages;
    this.policy = policy;
    this.clock = clock;
  }

  void mount(Vertx vertx, Router router) {
    router.get(PATH).handler(ctx -> summary(vertx, ctx));
    router.get(PATH + "/:reason").handler(ctx -> list(vertx, ctx));
  }

  /** Where today starts on the office calendar. */
  static Instant startOfDay(Instant now, ZoneId zone) {
    return LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
  }

  /** Where this week (from Monday) starts on the office calendar. */
  static Instant startOfWeek(Instant now, ZoneId zone) {
    return LocalDate.ofInstant(now, zone)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .atStartOfDay(zone)
        .toInstant();
  }

  private void summary(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, policy.get());
    Frame frame =
        new Frame(w, staff, w.t("refusals.title"), "refusals", Console.otherLanguage(ctx, w));
    if (!staff.supervises()) {
      pages.send(ctx, 403, "message.jte", Map.of("frame", frame, "text", w.t("denied.body")));
      return;
    }
    ZoneId z = policy.get().zone();
    Instant now = clock.instant();
    Instant day = startOfDay(now, z);
    Instant week = startOfWeek(now, z);
    Instant end = LocalDate.ofInstant(now, z).plusDays(1).atStartOfDay(z).toInstant();
    vertx
        .executeBlocking(() -> Map.entry(log.counts(day, end), log.counts(week, end)), false)
        .onSuccess(
            counts -> {
              Map<RefusalReason, Long> today = new HashMap<>();
              counts.getKey().forEach(c -> today.put(c.reason(), c.count()));
              List<RefusalRow> rows = new ArrayList<>();
              for (RefusalLog.Count c : counts.getValue()) {
                rows.add(
                    new RefusalRow(
                        c.reason(),
                        w.t(reasonKey(c.reason())),
                        today.getOrDefault(c.reason(), 0L),
                        c.count()));
              }
              rows.sort(
                  Comparator.comparingLong(RefusalRow::week)
                      .reversed()
                      .thenComparing(Comparator.comparingLong(RefusalRow::today).reversed())
                      .thenComparing(RefusalRow::label));
              Map<String, Object> model = new HashMap<>();
              model.put("frame", frame);
              model.put("rows", rows);
              model.put("totalToday", rows.stream().mapToLong(RefusalRow::today).sum());
              model.put("totalWeek", rows.stream().mapToLong(RefusalRow::week).sum());
              model.put("day", w.day(day));
              model.put("weekFrom", w.day(week));
              pages.send(ctx, 200, "refusals.jte", model);
            })
        .onFailure(ctx::fail);
  }

  private void list(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, policy.get());
    Frame frame =
        new Frame(w, staff, w.t("refusals.title"), "refusals", Console.otherLanguage(ctx, w));
    if (!staff.supervises()) {
      pages.send(ctx, 403, "message.jte", Map.of("frame", frame, "text", w.t("denied.body")));
      return;
    }
    RefusalReason reason = reasonOf(ctx.pathParam("reason"));
    if (reason == null) {
      pages.send(
          ctx,
          404,
          "message.jte",
          Map.of("frame", frame, "text", w.t("refusals.unknownReason", ctx.pathParam("reason"))));
      return;
    }
    String asked = ctx.request().getParam("span");
    Span span;
    if (asked == null || asked.isEmpty() || asked.equals("week")) {
      span = Span.WEEK;
    } else if (asked.equals("today")) {
      span = Span.TODAY;
    } else {
      pages.send(
          ctx, 400, "message.jte", Map.of("frame", frame, "text", w.t("refusals.badSpan", asked)));
      return;
    }
    ZoneId z = policy.get().zone();
    Instant now = clock.instant();
    Instant from = span == Span.TODAY ? startOfDay(now, z) : startOfWeek(now, z);
    Instant end = LocalDate.ofInstant(now, z).plusDays(1).atStartOfDay(z).toInstant();
    vertx
        .executeBlocking(() -> log.entries(reason, from, end, LIST_LIMIT), false)
        .onSuccess(
            entries -> {
              Map<String, Object> model = new HashMap<>();
              model.put("frame", frame);
              model.put("reason", reason);
              model.put("label", w.t(reasonKey(reason)));
              model.put("span", span.name().toLowerCase(java.util.Locale.ROOT));
              model.put("from", w.day(from));
              model.put("entries", entries);
              model.put("limit", LIST_LIMIT);
              pages.send(ctx, 200, "refusal_list.jte", model);
            })
        .onFailure(ctx::fail);
  }

  /** The bundle key of a reason's words. */
  static String reasonKey(RefusalReason reason) {
    return "refusal.reason." + RefusalCode.of(reason).name();
  }

  private static RefusalReason reasonOf(String name) {
    for (RefusalCode code : RefusalCode.values()) {
      if (code != RefusalCode.UNSPECIFIED && code.name().equals(name)) {
        return code.reason();
      }
    }
    return null;
  }
}
