/**
 * The support policy the broker enforces (POLICY.md, rules P1–P26): pure decisions on values and
 * explicit instants, no I/O except reading the YAML policy file.
 *
 * <ul>
 *   <li>{@link puente.broker.policy.SupportPolicy} loads the policy ({@code defaults()}, {@code
 *       load(Path)}) and decides: {@code decide(DecisionRequest, Instant)} checks licence (P1–P3,
 *       P26), version (P22, P25), category (P5–P8) and office hours (P12), in that order, and
 *       returns every failed rule in a {@link puente.broker.policy.Decision}.
 *   <li>{@link puente.broker.policy.BusinessCalendar} answers "is the office open", next opening
 *       and closing, and business-time arithmetic for tickets (P13, P16, P19).
 *   <li>{@link puente.broker.policy.LicenceTerms} computes the supported periods of rentals and
 *       purchases (P2, P3) and whether a lost licence may be re-issued (P26).
 *   <li>{@link puente.broker.policy.PolicyHolder} swaps in a reloaded policy only once it is valid,
 *       and logs what changed.
 * </ul>
 *
 * <p>The shipped file {@code default-policy.yaml} in this package documents every key.
 */
package puente.broker.policy;
