package puente.broker.http.console;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.auth.Agent;
import puente.broker.i18n.Messages;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalCode;
import puente.broker.refusal.RefusalException;
import puente.broker.session.QueueBoard;
import puente.v1.RefusalReason;

/**
 * "Cola": the escalations waiting for a specialist by priority then age (P15, P17), pushed live by
 * {@link QueueFeed}. Supervisors see all of them and may name the specialist of one; specialists
 * see those they may take, read-only; first-line agents are refused, as in the agent app. An
 * assignment is the session core's ({@link Assigner}): it checks the role, the session and the
 * specialist again, and a refusal comes back with its reason code and a message in the page's
 * language.
 */
final class QueuePages {
  private static final Logger log = LoggerFactory.getLogger(QueuePages.class);
  static final String PATH = "/console/queue";

  /** Offers a waiting escalation to a named specialist on a supervisor's behalf. */
  @FunctionalInterface
  interface Assigner {
    /**
     * Assigns, or refuses.
     *
     * @throws RefusalException with the reason the session core gave
     */
    void assign(Agent supervisor, String sessionId, String specialist);
  }

  private final QueueBoard board;
  private final Assigner assigner;
  private final QueueFeed feed;
  private final Pages pages;
  private final Supplier<SupportPolicy> policy;

  QueuePages(
      QueueBoard board,
      Assigner assigner,
      QueueFeed feed,
      Pages pages,
      Supplier<SupportPolicy> policy) {
    this.board = board;
    this.assigner = assigner;
    this.feed = feed;
    this.pages = pages;
    this.policy = policy;
  }

  void mount(Vertx vertx, Router router) {
    router.get(PATH).handler(ctx -> page(vertx, ctx));
    router.post(PATH + "/assign").handler(ctx -> assign(vertx, ctx));
    feed.mount(vertx, router);
  }

  private void page(Vertx vertx, RoutingContext ctx) {
    String assigned = ctx.request().getParam("assigned");
    show(vertx, ctx, 200, assigned == null ? "" : assigned, null);
  }

  /**
   * The page, with a note: the escalation just assigned (read back from the queue, so the note says
   * what is true now), or the refusal of an assignment.
   */
  private void show(
      Vertx vertx, RoutingContext ctx, int status, String assigned, RefusalException refused) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    Words w = Console.wordsOf(ctx, policy.get());
    // After a POST too, the language switch leads back to the page.
    Frame frame =
        new Frame(w, staff, w.t("queue.title"), "queue", PATH + "?lang=" + w.t("lang.other.tag"));
    if (!QueueBoard.mayView(staff.agent().role())) {
      pages.send(
          ctx,
          403,
          "queue_denied.jte",
          Map.of(
              "frame",
              frame,
              "text",
              refused == null ? w.t("queue.denied") : words(refused, w),
              "reason",
              refused == null ? RefusalReason.PERMISSION_DENIED.name() : refused.reason().name()));
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              Map<String, Object> model = new HashMap<>();
              model.put("frame", frame);
              model.put("view", feed.view(staff));
              model.put("notice", "");
              model.put("reason", "");
              if (refused != null) {
                model.put("notice", words(refused, w));
                model.put("reason", refused.reason().name());
              } else if (!assigned.isEmpty()) {
                board.all().stream()
                    .filter(r -> r.sessionId().equals(assigned) && !r.assignedBy().isEmpty())
                    .findFirst()
                    .ifPresent(
                        r ->
                            model.put(
                                "notice", w.t("queue.assigned", r.customerName(), r.offeredTo())));
              }
              return model;
            },
            false)
        .onSuccess(model -> pages.send(ctx, status, "queue.jte", model))
        .onFailure(ctx::fail);
  }

  private void assign(Vertx vertx, RoutingContext ctx) {
    Staff staff = ctx.get(ConsoleAuth.STAFF);
    String session = field(ctx, "session");
    String specialist = field(ctx, "specialist");
    vertx
        .executeBlocking(
            () -> {
              assigner.assign(staff.agent(), session, specialist);
              return session;
            },
            false)
        .onSuccess(
            done -> {
              log.info(
                  "escalation {} assigned to {} by {}",
                  session,
                  specialist,
                  staff.agent().username());
              Console.redirect(ctx, PATH + "?assigned=" + urlSafe(session));
            })
        .onFailure(
            failure -> {
              if (failure instanceof RefusalException refused) {
                log.info(
                    "assignment of {} to {} by {} refused: {}",
                    session,
                    specialist,
                    staff.agent().username(),
                    refused.reason());
                show(vertx, ctx, RefusalCode.of(refused.reason()).httpStatus(), "", refused);
              } else {
                ctx.fail(failure);
              }
            });
  }

  /** A refusal's message in the page's language. */
  private static String words(RefusalException refused, Words w) {
    return refused.messageKey() == null
        ? refused.refusal().getMessage()
        : Messages.get(Messages.resolve(w.htmlLang()), refused.messageKey(), refused.args());
  }

  private static String field(RoutingContext ctx, String name) {
    String value = ctx.request().getFormAttribute(name);
    return value == null ? "" : value.strip();
  }

  /** Session ids are the broker's own (letters, digits, dashes); anything else is dropped. */
  private static String urlSafe(String sessionId) {
    return sessionId.replaceAll("[^A-Za-z0-9_-]", "");
  }
}
