package puente.broker.http.console;

/**
 * What the "Personal" page tells after an action: that it was done, or why not, with the stable
 * reason code (and, for a staff rule, its name) a script or a test can rely on.
 *
 * @param ok whether the action was done
 * @param text the words, in the page's language
 * @param reason the refusal reason ({@code CONFLICT}, {@code INVALID_REQUEST}, …) or empty
 * @param rule the staff rule that refused it ({@code OWN_ACCOUNT}, {@code LAST_SUPERVISOR}) or
 *     empty
 */
public record StaffNotice(boolean ok, String text, String reason, String rule) {
  static final StaffNotice NONE = new StaffNotice(true, "", "", "");

  static StaffNotice done(String text) {
    return new StaffNotice(true, text, "", "");
  }

  static StaffNotice refused(String text, String reason, String rule) {
    return new StaffNotice(false, text, reason, rule);
  }

  /** Whether there is anything to show. */
  public boolean shown() {
    return !text.isEmpty();
  }
}
