package puente.text;

/**
 * Which characters may reach a person's terminal or page as they are, and how the others are shown
 * instead. A customer's text must not be able to steer an agent's terminal: no ESC sequences, no
 * carriage return that rewrites a line, no bidirectional override that reorders what follows.
 *
 * <p>The broker refuses such text at its edge; the apps escape it again before printing, because a
 * terminal must never trust what arrives over the wire.
 */
public final class Showable {
  private Showable() {}

  /**
   * Whether a character may appear as it is in text a person reads. Line breaks and tabs are not:
   * where text may span lines, the caller allows them itself.
   *
   * @param codePoint a Unicode code point
   * @return false for C0 and C1 controls, DEL, line and paragraph separators, lone surrogates and
   *     bidirectional embeddings, overrides and isolates
   */
  public static boolean isShowable(int codePoint) {
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          false;
      case Character.FORMAT -> !isBidiControl(codePoint);
      default -> true;
    };
  }

  /**
   * Returns text as one line a terminal shows literally: every character that is not showable is
   * written as its code, like {@code \x1B} or {@code \u202E}.
   *
   * @param text the text, possibly from a customer
   * @return the same text when it is clean, otherwise a copy with each such character escaped
   */
  public static String line(String text) {
    return escape(text, false);
  }

  /**
   * Returns text that may span lines, each line after the first starting with {@code indent}, so
   * that no line of it can pass for a line of the program's own.
   *
   * @param text the text, possibly from a customer
   * @param indent what starts each continuation line
   * @return the text with line breaks kept and indented, everything else escaped as in {@link
   *     #line}
   */
  public static String lines(String text, String indent) {
    return escape(text, true).replace("\n", "\n" + indent);
  }

  private static String escape(String text, boolean breaks) {
    StringBuilder shown = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean keep = isShowable(c) || c == '\t' && breaks || c == '\n' && breaks;
      if (!keep && shown == null) {
        shown = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (shown != null) {
        if (keep) {
          shown.appendCodePoint(c);
        } else {
          shown.append(c < 0x100 ? String.format("\\x%02X", c) : String.format("\\u%04X", c));
        }
      }
      i += Character.charCount(c);
    }
    return shown == null ? text : shown.toString();
  }

  // Embeddings, overrides and isolates reorder what follows them on screen.
  private static boolean isBidiControl(int c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }
}
