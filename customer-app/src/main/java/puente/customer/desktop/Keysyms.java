package puente.customer.desktop;

/**
 * X11 keysyms for characters and back. Latin-1 characters have the keysym equal to their code
 * point; every other character has the Unicode keysym {@code 0x01000000 + code point}, which Xlib,
 * toolkits and terminals turn back into that character.
 */
final class Keysyms {
  /** No symbol. */
  static final long NO_SYMBOL = 0;

  static final long RETURN = 0xff0d;
  static final long TAB = 0xff09;
  static final long BACK_SPACE = 0xff08;
  static final long SHIFT_L = 0xffe1;

  private static final long UNICODE_OFFSET = 0x01000000L;

  private Keysyms() {}

  /**
   * The keysym that types a character.
   *
   * @param codePoint the character
   * @return its keysym, or {@link #NO_SYMBOL} for a control character that types nothing
   */
  static long of(int codePoint) {
    if (codePoint == '\n' || codePoint == '\r') {
      return RETURN;
    }
    if (codePoint == '\t') {
      return TAB;
    }
    if (codePoint == '\b') {
      return BACK_SPACE;
    }
    if (Character.isISOControl(codePoint) || !Character.isValidCodePoint(codePoint)) {
      return NO_SYMBOL;
    }
    if (codePoint <= 0xff) {
      return codePoint;
    }
    return UNICODE_OFFSET + codePoint;
  }

  /**
   * The character a keysym types, for the keysyms {@link #of} produces and the currency keysyms
   * (the euro sign is {@code 0x20ac} in most layouts).
   *
   * @param keysym the keysym
   * @return the code point, or -1 for a keysym this class does not know (other legacy keysyms: such
   *     a character is then typed through a borrowed key rather than the layout's own)
   */
  static int codePointOf(long keysym) {
    if (keysym == RETURN) {
      return '\n';
    }
    if (keysym == TAB) {
      return '\t';
    }
    if (keysym == BACK_SPACE) {
      return '\b';
    }
    if (keysym >= 0x20 && keysym <= 0x7e || keysym >= 0xa0 && keysym <= 0xff) {
      return (int) keysym;
    }
    if (keysym >= 0x20a0 && keysym <= 0x20ac) {
      return (int) keysym;
    }
    if (keysym >= UNICODE_OFFSET + 0x100 && keysym <= UNICODE_OFFSET + Character.MAX_CODE_POINT) {
      return (int) (keysym - UNICODE_OFFSET);
    }
    return -1;
  }
}
