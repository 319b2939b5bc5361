package puente.broker.http.console;

/**
 * A secret the "Personal" page shows once, right after it was made, and never again: a temporary
 * password or a new API key. Only its digest or hash is kept.
 *
 * @param kind {@code password} or {@code apikey}
 * @param label whose password, or which key
 * @param value the secret itself
 */
public record StaffSecret(String kind, String label, String value) {}
