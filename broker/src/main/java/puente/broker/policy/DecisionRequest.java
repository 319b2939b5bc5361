package puente.broker.policy;

import java.util.Locale;

/**
 * What the broker knows when a session is opened or joined.
 *
 * @param licence the licence looked up by key, or {@code null} when the key is unknown
 * @param product the product the helper app reports; blank means the licence's product
 * @param installedVersion the version the helper app reports, e.g. {@code 2026.3}
 * @param category the problem category id; {@code null} or blank means the policy's default
 * @param advisory whether the session is opened as paid advisory (P8)
 * @param locale the customer's locale; {@code null} means the policy's default (es-MX)
 */
public record DecisionRequest(
    Licence licence,
    String product,
    String installedVersion,
    String category,
    boolean advisory,
    Locale locale) {}
