package puente.broker.session;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import puente.broker.policy.Licence;

/**
 * The one place where the broker decides whether a session may open (support policy: licence,
 * version, category, office hours). Implementations refuse by throwing {@link Refused}, worded for
 * both the agent and the customer.
 */
public interface Admission {
  /**
   * What the agent asked for, besides the code.
   *
   * @param category the problem category, or blank for the policy default
   * @param advisory whether to open it as paid advisory (P8)
   */
  record Request(String category, boolean advisory) {}

  /**
   * What the decision allowed.
   *
   * @param category the category the session is logged under
   * @param billable whether the time is billable advisory (P8)
   * @param priority queue priority of the category, 1 served first (P17)
   * @param summary a short line for the ticket timeline
   */
  record Admitted(String category, boolean billable, int priority, String summary) {}

  /**
   * Decides.
   *
   * @param registration what the helper reported
   * @param request what the agent asked for
   * @param at the instant of the request (P1: validity is checked now, never cached)
   * @param customerLocale locale of the customer's message
   * @param staffLocale locale of the agent's message
   * @return what was allowed
   * @throws Refused carrying every failed rule, worded for each side
   */
  Admitted admit(
      Registration registration,
      Request request,
      Instant at,
      Locale customerLocale,
      Locale staffLocale);

  /**
   * Decides whether a helper may register with the licence it reported (P1: read at the instant of
   * the request, never cached).
   *
   * @param licence the licence as read now, or null when the broker does not know it
   * @param product the product the helper reported
   * @param installedVersion the version the helper reported
   * @param at the instant of the registration
   * @param locale the customer's locale
   * @throws Refused carrying the failed rule, worded for the customer on both sides
   */
  void admitRegistration(
      Licence licence, String product, String installedVersion, Instant at, Locale locale);

  /**
   * The support policy's time zone, in which the customer is shown every time (P12).
   *
   * @return the zone of the policy in force
   */
  ZoneId zone();

  /** A refusal by policy, worded for the agent and for the customer. */
  final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient puente.v1.Refusal forStaff;
    private final transient puente.v1.Refusal forCustomer;

    /**
     * Creates the refusal.
     *
     * @param forStaff the refusal in the agent's locale
     * @param forCustomer the refusal in the customer's locale
     */
    public Refused(puente.v1.Refusal forStaff, puente.v1.Refusal forCustomer) {
      super(forStaff.getReason().name(), null, false, false);
      this.forStaff = forStaff;
      this.forCustomer = forCustomer;
    }

    /** The refusal in the agent's locale. */
    public puente.v1.Refusal forStaff() {
      return forStaff;
    }

    /** The refusal in the customer's locale. */
    public puente.v1.Refusal forCustomer() {
      return forCustomer;
    }
  }
}
