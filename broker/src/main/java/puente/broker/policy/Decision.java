package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import puente.v1.RefusalReason;

/**
 * The outcome of one policy decision, with everything needed to explain it.
 *
 * @param allowed whether the session may open
 * @param violations every failed rule, in policy order (licence, version, category, office hours);
 *     empty when allowed
 * @param message a summary in the request's locale: for a refusal the first violation's message and
 *     where to find self-service help; for an allowed session a short confirmation
 * @param languageTag the configured language the messages are in, e.g. {@code es-MX}
 * @param nextOpening when the office opens next, present only when it is closed (P12)
 * @param closesAt when the office closes next, present only when it is open (P12: warn agents)
 * @param selfHelpUrl self-service help for the customer (P9, P14, P25)
 * @param billable whether the session is paid advisory (P8); only ever true when allowed
 * @param priority queue priority of the category, 1 served first (P17); {@link Integer#MAX_VALUE}
 *     for an unknown category
 * @param categoryId the category decided on (the default when none was given)
 * @param licenceStatus the licence's status at the instant of the decision (P1)
 * @param supportUntil first day without support of the licence's applicable period, if known
 */
public record Decision(
    boolean allowed,
    List<Violation> violations,
    String message,
    String languageTag,
    Optional<ZonedDateTime> nextOpening,
    Optional<ZonedDateTime> closesAt,
    Optional<String> selfHelpUrl,
    boolean billable,
    int priority,
    String categoryId,
    LicenceStatus licenceStatus,
    Optional<LocalDate> supportUntil) {

  /** Checks for nulls and copies the violations. */
  public Decision {
    violations = List.copyOf(violations);
    requireNonNull(message, "message");
    requireNonNull(languageTag, "languageTag");
    requireNonNull(nextOpening, "nextOpening");
    requireNonNull(closesAt, "closesAt");
    requireNonNull(selfHelpUrl, "selfHelpUrl");
    requireNonNull(categoryId, "categoryId");
    requireNonNull(licenceStatus, "licenceStatus");
    requireNonNull(supportUntil, "supportUntil");
    if (allowed != violations.isEmpty()) {
      throw new IllegalArgumentException("allowed: " + allowed + " with " + violations);
    }
  }

  /**
   * Returns the primary reason of a refusal: the first violation's.
   *
   * @return the reason, or empty when allowed
   */
  public Optional<RefusalReason> reason() {
    return violations.isEmpty() ? Optional.empty() : Optional.of(violations.get(0).reason());
  }

  /**
   * Returns the reason codes of all violations, in order.
   *
   * @return the reasons
   */
  public List<RefusalReason> reasons() {
    return violations.stream().map(Violation::reason).toList();
  }
}
