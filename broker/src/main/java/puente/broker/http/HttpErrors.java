package puente.broker.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.i18n.Messages;
import puente.broker.refusal.RefusalCode;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * The REST side's one translator from domain failures to HTTP: a refusal keeps its reason code and
 * gets its message in the caller's locale; anything else is a 500 without its cause.
 */
final class HttpErrors {
  private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

  private HttpErrors() {}

  /** Ends the request with the JSON error for a failure. */
  static void respond(RoutingContext ctx, Throwable failure, Locale locale) {
    RefusalReason reason;
    String message;
    if (failure instanceof RefusalException refusal) {
      reason = refusal.reason();
      message =
          refusal.messageKey() == null
              ? refusal.refusal().getMessage()
              : Messages.get(locale, refusal.messageKey(), refusal.args());
    } else if (failure instanceof org.jdbi.v3.core.ConnectionException) {
      log.error("database unreachable", failure);
      reason = RefusalReason.UNAVAILABLE;
      message = Messages.get(locale, "unavailable");
    } else {
      log.error("unexpected failure", failure);
      ctx.response().setStatusCode(500);
      ctx.json(new JsonObject().put("reason", "INTERNAL").put("message", "internal error"));
      return;
    }
    int status = statusOf(reason);
    ctx.response().setStatusCode(status);
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
    }
    ctx.json(new JsonObject().put("reason", reason.name()).put("message", message));
  }

  /** The HTTP status that goes with each reason (see {@link RefusalCode}). */
  static int statusOf(RefusalReason reason) {
    return RefusalCode.of(reason).httpStatus();
  }
}
