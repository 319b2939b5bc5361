package puente.broker.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The numbers of the case rules, defaulting to the vendor's policy.
 *
 * @param importCategory the category whose tickets get a P16 due time
 * @param importDue business time from "information complete" to due (P16: 48 hours)
 * @param nearDue business time before the due time from which the queue warns
 * @param silenceBusinessDays business days without customer contact before closing (P19: 10)
 * @param contactAttempts failed contact attempts needed before closing (P19: 2)
 */
public record TicketRules(
    String importCategory,
    Duration importDue,
    Duration nearDue,
    int silenceBusinessDays,
    int contactAttempts) {

  /** Checks the values. */
  public TicketRules {
    requireNonNull(importCategory, "importCategory");
    requireNonNull(importDue, "importDue");
    requireNonNull(nearDue, "nearDue");
    if (importDue.isNegative() || nearDue.isNegative()) {
      throw new IllegalArgumentException(
          "importDue: " + importDue + ", nearDue: " + nearDue + " (expected: >= 0)");
    }
    if (silenceBusinessDays < 1 || contactAttempts < 0) {
      throw new IllegalArgumentException(
          "silenceBusinessDays: "
              + silenceBusinessDays
              + " (expected: >= 1), contactAttempts: "
              + contactAttempts
              + " (expected: >= 0)");
    }
  }

  /** The vendor's policy: imports due in 48 business hours, close after 10 days and 2 tries. */
  public static TicketRules defaults() {
    return new TicketRules("import-request", Duration.ofHours(48), Duration.ofHours(8), 10, 2);
  }
}
