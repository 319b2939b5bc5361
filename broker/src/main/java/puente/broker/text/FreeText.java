package puente.broker.text;

import puente.broker.refusal.RefusalException;
import puente.text.Showable;
import puente.v1.RefusalReason;

/**
 * Checks of text a client wrote, at the edge, before anything stores or shows it: a length limit
 * and no characters that could change how a terminal or a page shows the text (C0 and C1 controls
 * such as ESC and NUL, DEL, bidirectional overrides, line separators, lone surrogates).
 *
 * <p>Staff read what customers type on terminals and in the console; a customer must not be able to
 * plant a line that looks like the broker's own.
 */
public final class FreeText {
  private FreeText() {}

  /**
   * Checks one line of text: a name, a version, a reason.
   *
   * @param field the field's name, as the wire contract spells it (for the refusal)
   * @param value the text
   * @param max most characters allowed
   * @return the value
   * @throws RefusalException INVALID_REQUEST naming the field and what is wrong
   */
  public static String line(String field, String value, int max) {
    return check(field, value, max, false);
  }

  /**
   * Checks text that may hold line breaks and tabs: a note, a chat message.
   *
   * @return the value
   * @throws RefusalException INVALID_REQUEST naming the field and what is wrong
   */
  public static String lines(String field, String value, int max) {
    return check(field, value, max, true);
  }

  /**
   * Checks that text is present and one clean line.
   *
   * @return the value
   * @throws RefusalException INVALID_REQUEST naming the field and what is wrong
   */
  public static String requiredLine(String field, String value, int max) {
    if (value.isBlank()) {
      throw invalid(field + " is empty");
    }
    return line(field, value, max);
  }

  /**
   * Whether text passes {@link #lines} without a refusal.
   *
   * @param value the text
   * @param max most characters allowed
   * @return true when it is short enough and clean
   */
  public static boolean isCleanLines(String value, int max) {
    return problem(value, max, true) == null;
  }

  private static String check(String field, String value, int max, boolean breaks) {
    String problem = problem(value, max, breaks);
    if (problem != null) {
      throw invalid(field + problem);
    }
    return value;
  }

  private static String problem(String value, int max, boolean breaks) {
    if (value.length() > max) {
      return " is longer than " + max + " characters";
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      boolean allowedBreak = breaks && (c == '\n' || c == '\t');
      if (!allowedBreak && !Showable.isShowable(c)) {
        return " holds the character U+" + String.format("%04X", c) + " at position " + i;
      }
      i += Character.charCount(c);
    }
    return null;
  }

  private static RefusalException invalid(String detail) {
    return RefusalException.of(RefusalReason.INVALID_REQUEST, "request.invalid", detail);
  }
}
