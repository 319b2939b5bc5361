package puente.broker.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.i18n.Messages;
import puente.broker.refusal.RefusalCode;
import puente.broker.refusal.RefusalException;
import puente.client.RefusalStatus;
import puente.v1.Refusal;
import puente.v1.RefusalReason;

/**
 * The one translator from domain failures to gRPC statuses. A refusal keeps its reason code and
 * gets its message in the caller's locale; anything else becomes INTERNAL or UNAVAILABLE without
 * leaking its cause.
 */
final class Refusals {
  private static final Logger log = LoggerFactory.getLogger(Refusals.class);

  private Refusals() {}

  /** The status for any failure thrown by domain code. */
  static StatusRuntimeException toStatus(Throwable failure, Locale locale) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof RefusalException refusal) {
      return RefusalStatus.toException(codeOf(refusal.reason()), word(refusal, locale));
    }
    if (cause instanceof StatusRuntimeException status) {
      return status;
    }
    if (cause instanceof org.jdbi.v3.core.ConnectionException) {
      log.error("database unreachable", cause);
      return refusal(RefusalReason.UNAVAILABLE, locale, "unavailable");
    }
    log.error("unexpected failure", cause);
    return Status.INTERNAL.withDescription("internal error").asRuntimeException();
  }

  /** A refusal from a reason and a message key. */
  static StatusRuntimeException refusal(
      RefusalReason reason, Locale locale, String key, Object... args) {
    return toStatus(RefusalException.of(reason, key, args), locale);
  }

  private static Refusal word(RefusalException refusal, Locale locale) {
    if (refusal.messageKey() == null) {
      return refusal.refusal();
    }
    return refusal.refusal().toBuilder()
        .setMessage(Messages.get(locale, refusal.messageKey(), refusal.args()))
        .setLocale(locale.toLanguageTag())
        .build();
  }

  /** The gRPC code that goes with each reason (see {@link RefusalCode}). */
  static Status.Code codeOf(RefusalReason reason) {
    return RefusalCode.of(reason).grpcCode();
  }
}
