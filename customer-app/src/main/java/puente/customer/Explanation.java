package puente.customer;

import io.grpc.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.FailureText;
import puente.client.Messages;
import puente.client.Protos;
import puente.client.RefusalStatus;
import puente.v1.EndReason;
import puente.v1.Refusal;
import puente.v1.SessionEnded;

/**
 * What the customer is told about a refusal, an end or a failure: a headline, the text in full, the
 * self-help link (clickable in the window), and the technical details (reason code, session id,
 * error text) that belong in the "Detalles" expander or the log, never in the customer's text.
 *
 * @param headline one short sentence for the status line
 * @param text what happened and what to do next; may be empty
 * @param link the self-help page, or empty
 * @param details lines for support staff
 */
record Explanation(String headline, String text, Optional<String> link, List<String> details) {
  Explanation {
    details = List.copyOf(details);
  }

  /** The broker refused this helper's registration, or could not be reached. */
  static Explanation registrationFailed(
      Messages messages, Throwable failure, Endpoint broker, PolicyTime fallbackTime) {
    Optional<Refusal> refusal = RefusalStatus.fromThrowable(failure);
    if (refusal.isPresent()) {
      return refused(messages, messages.text("window.status.refused"), refusal.get(), fallbackTime);
    }
    return failure(messages, failure, broker, "failure.cannot_start");
  }

  /** The connection was lost (not a refusal, not an end the broker announced). */
  static Explanation failed(Messages messages, Throwable failure, Endpoint broker) {
    Optional<Refusal> refusal = RefusalStatus.fromThrowable(failure);
    if (refusal.isPresent()) {
      return refused(
          messages,
          messages.text("window.status.failed"),
          refusal.get(),
          PolicyTime.named(messages, refusal.get().getTimeZone()));
    }
    return failure(messages, failure, broker, "failure.lost");
  }

  /**
   * The broker ended the session or the code. The customer is never told about his own action in
   * the third person, and a code that never started a session is not "a session that ended".
   *
   * @param wasLive whether the session had started (the customer said yes)
   */
  static Explanation ended(
      Messages messages, SessionEnded ended, boolean wasLive, String sessionId, PolicyTime time) {
    EndReason reason = ended.getReason();
    if (reason == EndReason.CODE_EXPIRED && !ended.getMessage().isBlank()) {
      // The broker says whether the time ran out or the code was guessed at, to the customer.
      return new Explanation(
          ended.getMessage(),
          "",
          Optional.empty(),
          List.of(messages.text("details.reason", reason)));
    }
    if (ended.hasRefusal()) {
      return refused(messages, messages.text("end.refused"), ended.getRefusal(), time);
    }
    String stage = wasLive ? "live" : "before";
    String key = "end." + stage + "." + reason.name();
    String headline;
    try {
      headline = messages.text(key);
    } catch (java.util.MissingResourceException e) {
      headline = messages.text("end." + stage + ".other");
    }
    List<String> details = new ArrayList<>();
    details.add(messages.text("details.reason", reason.name()));
    if (!sessionId.isEmpty()) {
      details.add(messages.text("details.session", sessionId));
    }
    return new Explanation(headline, "", Optional.empty(), details);
  }

  private static Explanation refused(
      Messages messages, String headline, Refusal refusal, PolicyTime fallbackTime) {
    PolicyTime time =
        refusal.getTimeZone().isEmpty()
            ? fallbackTime
            : PolicyTime.named(messages, refusal.getTimeZone());
    List<String> text = new ArrayList<>();
    text.add(refusal.getMessage());
    if (refusal.hasNextOpening()) {
      Instant next = Protos.instant(refusal.getNextOpening());
      // The broker's message usually says it already, in the policy's zone; say it only if not.
      if (!refusal.getMessage().contains(time.hoursMinutes(next))) {
        text.add(messages.text("refusal.opens", time.dateTime(next)));
      }
    }
    if (refusal.getRetryAfterMillis() > 0) {
      long seconds = (refusal.getRetryAfterMillis() + 999) / 1000;
      text.add(messages.text("refusal.retry_after", seconds));
    }
    String url = refusal.getSelfHelpUrl();
    Optional<String> link = url.isEmpty() ? Optional.empty() : Optional.of(url);
    List<String> details = new ArrayList<>();
    details.add(messages.text("details.reason", refusal.getReason().name()));
    refusal
        .getViolationsList()
        .forEach(
            v -> details.add(messages.text("details.rule", v.getRule(), v.getReason().name())));
    return new Explanation(headline, String.join(" ", text), link, details);
  }

  private static Explanation failure(
      Messages messages, Throwable failure, Endpoint broker, String headlineKey) {
    Status status = Status.fromThrowable(failure);
    String text =
        messages.text(
            ExitCode.of(failure) == ExitCode.BROKER_UNREACHABLE
                ? "failure.unreachable.customer"
                : "failure.other.customer");
    List<String> details = new ArrayList<>();
    details.add(messages.text("details.server", broker));
    details.add(
        messages.text("details.error", status.getCode().name(), FailureText.cause(failure)));
    return new Explanation(messages.text(headlineKey), text, Optional.empty(), details);
  }

  /** The text and, unless the text already shows it, the link, as plain lines for a terminal. */
  List<String> lines(Messages messages) {
    List<String> lines = new ArrayList<>();
    if (!text.isEmpty()) {
      lines.add(text);
    }
    link.filter(url -> !text.contains(url))
        .ifPresent(url -> lines.add(messages.text("refusal.self_help", url)));
    return lines;
  }
}
