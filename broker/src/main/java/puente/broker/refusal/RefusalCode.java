package puente.broker.refusal;

import io.grpc.Status;
import java.util.EnumMap;
import java.util.Map;
import puente.v1.RefusalReason;

/**
 * Every refusal reason with what each transport answers for it: the gRPC status code, the HTTP
 * status of the REST side, and the message key of its default wording. The one table of this
 * mapping; stable, part of the contract.
 */
public enum RefusalCode {
  LICENCE_UNKNOWN(RefusalReason.LICENCE_UNKNOWN, Status.Code.FAILED_PRECONDITION, 422),
  LICENCE_EXPIRED(RefusalReason.LICENCE_EXPIRED, Status.Code.FAILED_PRECONDITION, 422),
  LICENCE_PRODUCT_MISMATCH(
      RefusalReason.LICENCE_PRODUCT_MISMATCH, Status.Code.FAILED_PRECONDITION, 422),
  VERSION_OUTDATED(RefusalReason.VERSION_OUTDATED, Status.Code.FAILED_PRECONDITION, 422),
  VERSION_UNSUPPORTED(RefusalReason.VERSION_UNSUPPORTED, Status.Code.FAILED_PRECONDITION, 422),
  CATEGORY_OUT_OF_SCOPE(RefusalReason.CATEGORY_OUT_OF_SCOPE, Status.Code.FAILED_PRECONDITION, 422),
  CATEGORY_UNKNOWN(RefusalReason.CATEGORY_UNKNOWN, Status.Code.INVALID_ARGUMENT, 400),
  OFFICE_CLOSED(RefusalReason.OFFICE_CLOSED, Status.Code.FAILED_PRECONDITION, 422),
  CODE_INVALID(RefusalReason.CODE_INVALID, Status.Code.NOT_FOUND, 404),
  TOO_MANY_ATTEMPTS(RefusalReason.TOO_MANY_ATTEMPTS, Status.Code.RESOURCE_EXHAUSTED, 429),
  CONSENT_REFUSED(RefusalReason.CONSENT_REFUSED, Status.Code.PERMISSION_DENIED, 403),
  UNAUTHENTICATED(RefusalReason.UNAUTHENTICATED, Status.Code.UNAUTHENTICATED, 401),
  PERMISSION_DENIED(RefusalReason.PERMISSION_DENIED, Status.Code.PERMISSION_DENIED, 403),
  INVALID_REQUEST(RefusalReason.INVALID_REQUEST, Status.Code.INVALID_ARGUMENT, 400),
  SESSION_ENDED(RefusalReason.SESSION_ENDED, Status.Code.FAILED_PRECONDITION, 422),
  UNAVAILABLE(RefusalReason.UNAVAILABLE, Status.Code.UNAVAILABLE, 503),
  CONFLICT(RefusalReason.CONFLICT, Status.Code.ALREADY_EXISTS, 409),
  TICKET_TRANSITION_REFUSED(
      RefusalReason.TICKET_TRANSITION_REFUSED, Status.Code.FAILED_PRECONDITION, 409),
  TICKET_NOT_FOUND(RefusalReason.TICKET_NOT_FOUND, Status.Code.NOT_FOUND, 404),
  NOT_GRANTED(RefusalReason.NOT_GRANTED, Status.Code.PERMISSION_DENIED, 403),
  SESSION_PAUSED(RefusalReason.SESSION_PAUSED, Status.Code.FAILED_PRECONDITION, 409),
  NOT_IN_CONTROL(RefusalReason.NOT_IN_CONTROL, Status.Code.PERMISSION_DENIED, 403),
  WRONG_SENDER(RefusalReason.WRONG_SENDER, Status.Code.PERMISSION_DENIED, 403),
  CONSENT_PENDING(RefusalReason.CONSENT_PENDING, Status.Code.FAILED_PRECONDITION, 409),
  /** Never sent on purpose; stands for any reason this broker does not know. */
  UNSPECIFIED(RefusalReason.REFUSAL_REASON_UNSPECIFIED, Status.Code.INTERNAL, 500);

  private static final Map<RefusalReason, RefusalCode> BY_REASON =
      new EnumMap<>(RefusalReason.class);

  static {
    for (RefusalCode code : values()) {
      BY_REASON.put(code.reason, code);
    }
  }

  private final RefusalReason reason;
  private final Status.Code grpc;
  private final int http;

  RefusalCode(RefusalReason reason, Status.Code grpc, int http) {
    this.reason = reason;
    this.grpc = grpc;
    this.http = http;
  }

  /** The entry for a reason; {@link #UNSPECIFIED} for one this broker does not know. */
  public static RefusalCode of(RefusalReason reason) {
    return BY_REASON.getOrDefault(reason, UNSPECIFIED);
  }

  /** The reason on the wire. */
  public RefusalReason reason() {
    return reason;
  }

  /** The gRPC status code a refusal for this reason carries. */
  public Status.Code grpcCode() {
    return grpc;
  }

  /** The HTTP status the REST side answers with. */
  public int httpStatus() {
    return http;
  }

  /** The key of the reason's default wording in the broker's message bundle. */
  public String messageKey() {
    return "reason." + reason.name();
  }
}
