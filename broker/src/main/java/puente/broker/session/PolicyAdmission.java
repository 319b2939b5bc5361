package puente.broker.session;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import puente.broker.policy.Decision;
import puente.broker.policy.DecisionRequest;
import puente.broker.policy.Licence;
import puente.broker.policy.LicenceBook;
import puente.broker.policy.SupportPolicy;
import puente.broker.policy.Violation;
import puente.v1.Refusal;
import puente.v1.RuleViolation;

/**
 * Admission by the support policy (P1–P3, P5–P8, P12, P22, P25, P26). The licence is read from the
 * store at the instant of the request, never from a cache (P1).
 */
public final class PolicyAdmission implements Admission {
  private final Supplier<SupportPolicy> policy;
  private final LicenceBook licences;

  /**
   * An admission over the policy in force.
   *
   * @param policy the current policy (reloads apply to the next decision)
   * @param licences where licences are read
   */
  public PolicyAdmission(Supplier<SupportPolicy> policy, LicenceBook licences) {
    this.policy = policy;
    this.licences = licences;
  }

  @Override
  public ZoneId zone() {
    return policy.get().zone();
  }

  @Override
  public Admitted admit(
      Registration registration,
      Request request,
      Instant at,
      Locale customerLocale,
      Locale staffLocale) {
    SupportPolicy current = policy.get();
    DecisionRequest decisionRequest =
        new DecisionRequest(
            licences.find(registration.licenceKey()).orElse(null),
            registration.product(),
            registration.installedVersion(),
            request.category(),
            request.advisory(),
            customerLocale);
    Decision forCustomer = current.decide(decisionRequest, at);
    if (forCustomer.allowed()) {
      return new Admitted(
          forCustomer.categoryId(),
          forCustomer.billable(),
          forCustomer.priority(),
          "category=" + forCustomer.categoryId() + (forCustomer.billable() ? " billable" : ""));
    }
    Decision forStaff =
        staffLocale.getLanguage().equals(customerLocale.getLanguage())
            ? forCustomer
            : current.decide(
                new DecisionRequest(
                    decisionRequest.licence(),
                    decisionRequest.product(),
                    decisionRequest.installedVersion(),
                    decisionRequest.category(),
                    decisionRequest.advisory(),
                    staffLocale),
                at);
    throw new Refused(refusalOf(forStaff), refusalOf(forCustomer));
  }

  @Override
  public void admitRegistration(
      Licence licence, String product, String installedVersion, Instant at, Locale locale) {
    Optional<Decision> refused =
        policy
            .get()
            .registrationRefusal(
                new DecisionRequest(licence, product, installedVersion, null, false, locale), at);
    if (refused.isPresent()) {
      Refusal refusal = refusalOf(refused.get());
      throw new Refused(refusal, refusal);
    }
  }

  /** The wire form of a refused decision. */
  static Refusal refusalOf(Decision decision) {
    Refusal.Builder refusal =
        Refusal.newBuilder()
            .setReason(decision.reason().orElseThrow())
            .setMessage(decision.message())
            .setLocale(decision.languageTag());
    for (Violation violation : decision.violations()) {
      refusal.addViolations(
          RuleViolation.newBuilder()
              .setRule(violation.rule())
              .setReason(violation.reason())
              .setMessage(violation.message()));
    }
    decision
        .nextOpening()
        .ifPresent(
            next ->
                refusal
                    .setNextOpening(
                        Timestamp.newBuilder().setSeconds(next.toInstant().getEpochSecond()))
                    .setTimeZone(next.getZone().getId()));
    decision.selfHelpUrl().ifPresent(refusal::setSelfHelpUrl);
    return refusal.build();
  }
}
