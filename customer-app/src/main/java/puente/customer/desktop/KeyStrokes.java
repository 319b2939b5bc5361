package puente.customer.desktop;

import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Types text on the customer's machine one character at a time.
 *
 * <p>Printable ASCII is typed as the keys of a US layout (letters, digits, punctuation, with Shift
 * where the US layout needs it), plus Enter and Tab. Anything else (ñ, á, €, emoji), and any
 * character the keyboard refuses, is pasted instead: the text goes on the clipboard and Ctrl+V (⌘V
 * on macOS) is pressed. Pasting replaces the customer's clipboard: the window says so. A customer
 * whose keyboard layout is not US gets correct letters and digits; some punctuation may differ.
 */
final class KeyStrokes {
  private static final String SHIFTED = "~!@#$%^&*()_+{}|:\"<>?";
  private static final String UNSHIFTED = "`1234567890-=[]\\;',./";
  private static final Map<Character, Integer> PUNCTUATION =
      Map.ofEntries(
          Map.entry('`', KeyEvent.VK_BACK_QUOTE), Map.entry('-', KeyEvent.VK_MINUS),
          Map.entry('=', KeyEvent.VK_EQUALS), Map.entry('[', KeyEvent.VK_OPEN_BRACKET),
          Map.entry(']', KeyEvent.VK_CLOSE_BRACKET), Map.entry('\\', KeyEvent.VK_BACK_SLASH),
          Map.entry(';', KeyEvent.VK_SEMICOLON), Map.entry('\'', KeyEvent.VK_QUOTE),
          Map.entry(',', KeyEvent.VK_COMMA), Map.entry('.', KeyEvent.VK_PERIOD),
          Map.entry('/', KeyEvent.VK_SLASH), Map.entry(' ', KeyEvent.VK_SPACE),
          Map.entry('\n', KeyEvent.VK_ENTER), Map.entry('\t', KeyEvent.VK_TAB));

  private final Robot robot;
  private final Consumer<String> clipboard;

  KeyStrokes(Robot robot, Consumer<String> clipboard) {
    this.robot = robot;
    this.clipboard = clipboard;
  }

  /** Types the text; a run of characters that cannot be typed is pasted at once. */
  void type(String text) {
    StringBuilder toPaste = new StringBuilder();
    text.codePoints()
        .forEach(
            codePoint -> {
              int[] stroke = codePoint < 128 ? stroke((char) codePoint) : null;
              if (stroke != null) {
                flush(toPaste);
                if (press(stroke)) {
                  return;
                }
              }
              toPaste.appendCodePoint(codePoint);
            });
    flush(toPaste);
  }

  private void flush(StringBuilder toPaste) {
    if (!toPaste.isEmpty()) {
      paste(toPaste.toString());
      toPaste.setLength(0);
    }
  }

  /**
   * The key and whether Shift is needed for an ASCII character on a US layout.
   *
   * @return {keyCode, shift ? 1 : 0}, or null if there is no such key
   */
  static int[] stroke(char c) {
    if (c >= 'a' && c <= 'z') {
      return new int[] {KeyEvent.VK_A + (c - 'a'), 0};
    }
    if (c >= 'A' && c <= 'Z') {
      return new int[] {KeyEvent.VK_A + (c - 'A'), 1};
    }
    if (c >= '0' && c <= '9') {
      return new int[] {KeyEvent.VK_0 + (c - '0'), 0};
    }
    int shifted = SHIFTED.indexOf(c);
    if (shifted >= 0) {
      int[] base = stroke(UNSHIFTED.charAt(shifted));
      return new int[] {base[0], 1};
    }
    Integer code = PUNCTUATION.get(c);
    return code == null ? null : new int[] {code, 0};
  }

  private boolean press(int[] stroke) {
    try {
      if (stroke[1] == 1) {
        robot.keyPress(KeyEvent.VK_SHIFT);
      }
      try {
        robot.keyPress(stroke[0]);
        robot.keyRelease(stroke[0]);
      } finally {
        if (stroke[1] == 1) {
          robot.keyRelease(KeyEvent.VK_SHIFT);
        }
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void paste(String text) {
    clipboard.accept(text);
    // Give the clipboard owner change a moment to land before the application asks for it.
    robot.delay(50);
    int modifier =
        Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()
                == java.awt.event.InputEvent.META_DOWN_MASK
            ? KeyEvent.VK_META
            : KeyEvent.VK_CONTROL;
    robot.keyPress(modifier);
    robot.keyPress(KeyEvent.VK_V);
    robot.keyRelease(KeyEvent.VK_V);
    robot.keyRelease(modifier);
    robot.delay(50);
  }
}
