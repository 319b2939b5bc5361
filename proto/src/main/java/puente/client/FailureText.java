package puente.client;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import puente.v1.Refusal;

/**
 * Turns a refusal or a failed call into the lines an app shows: the broker's message (already in
 * the user's locale), then what to do next (next opening, self-help link, when to retry) and the
 * stable reason code, for support staff.
 */
public final class FailureText {
  private final Messages messages;

  /**
   * Creates a formatter.
   *
   * @param messages the app's messages (uses the shared {@code refusal.*} and {@code failure.*}
   *     keys)
   */
  public FailureText(Messages messages) {
    this.messages = requireNonNull(messages, "messages");
  }

  /**
   * Describes a refusal.
   *
   * @param refusal the refusal from the broker
   * @return one line per item, the broker's message first
   */
  public List<String> lines(Refusal refusal) {
    List<String> lines = new ArrayList<>();
    lines.add(refusal.getMessage());
    if (refusal.hasNextOpening()) {
      Instant next = Protos.instant(refusal.getNextOpening());
      lines.add(messages.text("refusal.next_opening", messages.dateTime(next)));
    }
    if (!refusal.getSelfHelpUrl().isEmpty()) {
      lines.add(messages.text("refusal.self_help", refusal.getSelfHelpUrl()));
    }
    if (refusal.getRetryAfterMillis() > 0) {
      long seconds = (refusal.getRetryAfterMillis() + 999) / 1000;
      lines.add(messages.text("refusal.retry_after", seconds));
    }
    lines.add(messages.text("refusal.reason", refusal.getReason().name()));
    return lines;
  }

  /**
   * Describes any failed call: a refusal as in {@link #lines(Refusal)}, otherwise a sentence about
   * the broker being unreachable or an unexpected error.
   *
   * @param failure what a stub threw or passed to {@code onError}
   * @param broker the broker's address, for the unreachable case
   * @return the lines to show
   */
  public List<String> lines(Throwable failure, Endpoint broker) {
    Optional<Refusal> refusal = RefusalStatus.fromThrowable(failure);
    if (refusal.isPresent()) {
      return lines(refusal.get());
    }
    String detail = detail(Status.fromThrowable(failure));
    if (isUntrustedCertificate(failure)) {
      return List.of(messages.text("failure.untrusted", broker, detail));
    }
    return switch (ExitCode.of(failure)) {
      case BROKER_UNREACHABLE -> List.of(messages.text("failure.unreachable", broker, detail));
      case REFUSED -> List.of(messages.text("failure.unauthenticated", detail));
      default -> List.of(messages.text("failure.unexpected", detail));
    };
  }

  /** Whether the call failed because the broker's certificate is not one this app trusts. */
  private static boolean isUntrustedCertificate(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException
          || t instanceof java.security.cert.CertificateException
          || t instanceof java.security.cert.CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  /** Prefers the innermost cause ("Connection refused") over gRPC's generic "io exception". */
  private static String detail(Status status) {
    String cause = cause(status.asRuntimeException());
    return cause.isEmpty() ? status.getCode().name() : cause;
  }

  /**
   * What went wrong underneath a failed call, for a log or a details line: the innermost cause's
   * message ("Connection refused") rather than gRPC's generic "io exception", else the status
   * description.
   *
   * @param failure what a stub threw or passed to {@code onError}
   * @return the text, or empty when there is none
   */
  public static String cause(Throwable failure) {
    Status status = Status.fromThrowable(failure);
    Throwable root = status.getCause();
    while (root != null && root.getCause() != null) {
      root = root.getCause();
    }
    if (root != null && root.getMessage() != null) {
      return root.getMessage();
    }
    return status.getDescription() == null ? "" : status.getDescription();
  }
}
