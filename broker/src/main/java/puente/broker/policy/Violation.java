package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import puente.v1.RefusalReason;

/**
 * One failed rule of a decision, e.g. {@code {P12, OFFICE_CLOSED, "Estamos fuera de horario…"}}.
 *
 * @param rule the policy rule id as in POLICY.md, e.g. {@code P12}
 * @param reason the reason code sent to clients
 * @param message the customer-facing explanation in the request's locale
 */
public record Violation(String rule, RefusalReason reason, String message) {

  /** Checks for nulls. */
  public Violation {
    requireNonNull(rule, "rule");
    requireNonNull(reason, "reason");
    requireNonNull(message, "message");
  }
}
