package puente.broker.refusal;

import java.util.Objects;
import puente.v1.Refusal;
import puente.v1.RefusalReason;

/**
 * A request the broker refuses. Thrown by domain code; the gRPC and HTTP edges turn it into a
 * status with a {@link Refusal} whose message is in the caller's locale.
 */
public final class RefusalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Refusal refusal;
  private final String messageKey;
  private final transient Object[] args;

  private RefusalException(Refusal refusal, String messageKey, Object[] args) {
    super(refusal.getReason() + (messageKey == null ? "" : " " + messageKey), null, false, false);
    this.refusal = refusal;
    this.messageKey = messageKey;
    this.args = args;
  }

  /**
   * A refusal whose message is looked up in the broker's message bundle when it is reported.
   *
   * @param reason the stable reason code
   * @param messageKey key in {@code puente/broker/i18n/messages*.properties}
   * @param args arguments of the message
   */
  public static RefusalException of(RefusalReason reason, String messageKey, Object... args) {
    return new RefusalException(
        Refusal.newBuilder().setReason(reason).build(),
        Objects.requireNonNull(messageKey, "messageKey"),
        args.clone());
  }

  /**
   * A refusal already worded for its recipient (e.g. a policy decision).
   *
   * @param refusal the full refusal
   */
  public static RefusalException worded(Refusal refusal) {
    return new RefusalException(refusal, null, new Object[0]);
  }

  /**
   * The same refusal, telling the caller when to retry.
   *
   * @param refusal a refusal such as TOO_MANY_ATTEMPTS
   * @param wait how long to wait
   */
  public static RefusalException withRetryAfter(RefusalException refusal, java.time.Duration wait) {
    return new RefusalException(
        refusal.refusal.toBuilder().setRetryAfterMillis(wait.toMillis()).build(),
        refusal.messageKey,
        refusal.args);
  }

  /** The stable reason code. */
  public RefusalReason reason() {
    return refusal.getReason();
  }

  /** The refusal as built so far: message still empty unless {@link #worded}. */
  public Refusal refusal() {
    return refusal;
  }

  /** The bundle key of the message, or null if the refusal is already worded. */
  public String messageKey() {
    return messageKey;
  }

  /** Arguments of the bundle message. */
  public Object[] args() {
    return args.clone();
  }
}
