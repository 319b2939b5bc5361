package puente.agent.viewer;

import java.awt.event.KeyEvent;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import puente.v1.InputEvent;

/**
 * Turns the agent's key events into input for the customer's machine, independent of either
 * keyboard layout where it can be:
 *
 * <ul>
 *   <li>printable characters travel as typed characters (one code point each, taken from {@code
 *       keyTyped}, so the agent's dead keys and AltGr have already composed them): "ñ", "@", "é" or
 *       "€" arrive once, as the agent typed them, whatever the two layouts are; the helper types
 *       them without the clipboard;
 *   <li>keys that type nothing (arrows, Enter, Backspace, Tab, Escape, F1...) travel as key codes,
 *       with Shift when it is held (Shift+Tab, Shift+arrows);
 *   <li>with Ctrl, Alt or Meta held, every key travels as a key code: a shortcut (Ctrl+C).
 * </ul>
 *
 * AltGr is treated as typing, not as a shortcut. On Windows, which reports AltGr as Ctrl+Alt, a
 * character typed with AltGr may arrive as the shortcut instead.
 */
final class KeyTranslator {
  private final Consumer<InputEvent.Builder> out;
  private final Set<Integer> sent = new HashSet<>();
  private boolean shiftSent;
  // A character outside the BMP arrives as two keyTyped events, one per UTF-16 unit.
  private char highSurrogate;

  KeyTranslator(Consumer<InputEvent.Builder> out) {
    this.out = out;
  }

  void pressed(KeyEvent e) {
    int code = e.getKeyCode();
    switch (code) {
      case KeyEvent.VK_CONTROL, KeyEvent.VK_ALT, KeyEvent.VK_META -> key(code, true);
      case KeyEvent.VK_SHIFT, KeyEvent.VK_ALT_GRAPH, KeyEvent.VK_UNDEFINED -> {
        // Shift goes with the key it modifies; AltGr only ever types characters.
      }
      default -> {
        if (isDead(code)) {
          return;
        }
        boolean shortcut =
            (e.isControlDown() || e.isAltDown() || e.isMetaDown()) && !e.isAltGraphDown();
        if (shortcut || typesNothing(code)) {
          if (e.isShiftDown() && !shiftSent) {
            key(KeyEvent.VK_SHIFT, true);
            shiftSent = true;
          }
          key(code, true);
          sent.add(code);
        }
      }
    }
  }

  void released(KeyEvent e) {
    int code = e.getKeyCode();
    switch (code) {
      case KeyEvent.VK_CONTROL, KeyEvent.VK_ALT, KeyEvent.VK_META -> key(code, false);
      case KeyEvent.VK_SHIFT -> {
        if (shiftSent) {
          key(KeyEvent.VK_SHIFT, false);
          shiftSent = false;
        }
      }
      default -> {
        if (sent.remove(code)) {
          key(code, false);
        }
      }
    }
  }

  void typed(KeyEvent e) {
    char c = e.getKeyChar();
    if (c == KeyEvent.CHAR_UNDEFINED || Character.isISOControl(c)) {
      return;
    }
    if ((e.isControlDown() || e.isAltDown() || e.isMetaDown()) && !e.isAltGraphDown()) {
      return;
    }
    if (Character.isHighSurrogate(c)) {
      highSurrogate = c;
      return;
    }
    int codePoint = c;
    if (Character.isLowSurrogate(c)) {
      if (highSurrogate == 0) {
        return;
      }
      codePoint = Character.toCodePoint(highSurrogate, c);
    }
    highSurrogate = 0;
    out.accept(InputEvent.newBuilder().setTyped(codePoint));
  }

  /** Releases, on the customer's side, every key this translator left pressed (focus lost). */
  void releaseAll() {
    for (int code : Set.copyOf(sent)) {
      key(code, false);
    }
    sent.clear();
    if (shiftSent) {
      key(KeyEvent.VK_SHIFT, false);
      shiftSent = false;
    }
  }

  private void key(int code, boolean pressed) {
    out.accept(
        InputEvent.newBuilder()
            .setKey(InputEvent.Key.newBuilder().setKeyCode(code).setPressed(pressed)));
  }

  private static boolean isDead(int code) {
    return code >= KeyEvent.VK_DEAD_GRAVE && code <= KeyEvent.VK_DEAD_SEMIVOICED_SOUND;
  }

  /** Keys whose press types no character. */
  static boolean typesNothing(int code) {
    return switch (code) {
      case KeyEvent.VK_ENTER,
          KeyEvent.VK_BACK_SPACE,
          KeyEvent.VK_TAB,
          KeyEvent.VK_ESCAPE,
          KeyEvent.VK_DELETE,
          KeyEvent.VK_INSERT,
          KeyEvent.VK_HOME,
          KeyEvent.VK_END,
          KeyEvent.VK_PAGE_UP,
          KeyEvent.VK_PAGE_DOWN,
          KeyEvent.VK_UP,
          KeyEvent.VK_DOWN,
          KeyEvent.VK_LEFT,
          KeyEvent.VK_RIGHT,
          KeyEvent.VK_CAPS_LOCK,
          KeyEvent.VK_PRINTSCREEN,
          KeyEvent.VK_CONTEXT_MENU,
          KeyEvent.VK_WINDOWS ->
          true;
      default ->
          code >= KeyEvent.VK_F1 && code <= KeyEvent.VK_F12
              || code >= KeyEvent.VK_F13 && code <= KeyEvent.VK_F24;
    };
  }
}
