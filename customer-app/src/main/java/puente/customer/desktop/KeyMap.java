package puente.customer.desktop;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The customer's keyboard mapping as X11 reports it (keysyms per keycode, in the core protocol's
 * order: level 1, level 2 with Shift, then other groups and levels), and what it takes to type a
 * character with it.
 */
final class KeyMap {
  /**
   * A key to press, with or without Shift.
   *
   * @param keycode the X keycode
   * @param shift whether Shift must be held
   */
  record Stroke(int keycode, boolean shift) {}

  private final int minKeycode;
  private final int perKeycode;
  private final long[] keysyms;

  /**
   * A mapping.
   *
   * @param minKeycode the first keycode the table describes
   * @param perKeycode keysyms per keycode
   * @param keysyms the table, {@code perKeycode} entries per keycode from {@code minKeycode}
   */
  KeyMap(int minKeycode, int perKeycode, long[] keysyms) {
    if (perKeycode < 1) {
      throw new IllegalArgumentException("perKeycode: " + perKeycode + " (expected: > 0)");
    }
    this.minKeycode = minKeycode;
    this.perKeycode = perKeycode;
    this.keysyms = requireNonNull(keysyms, "keysyms").clone();
  }

  /**
   * How to type a character with the layout's own keys: a key that gives it without modifiers, else
   * one that gives it with Shift. Characters that need AltGr or a dead key are not found: a
   * borrowed key types them in one press instead.
   *
   * @param codePoint the character
   * @return the stroke, or empty if no key gives it on level 1 or 2
   */
  Optional<Stroke> find(int codePoint) {
    for (int level = 0; level < Math.min(2, perKeycode); level++) {
      for (int keycode = minKeycode; keycode <= maxKeycode(); keycode++) {
        long keysym = keysym(keycode, level);
        if (keysym != Keysyms.NO_SYMBOL && Keysyms.codePointOf(keysym) == codePoint) {
          return Optional.of(new Stroke(keycode, level == 1));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The key that gives a keysym on level 1, such as Shift_L.
   *
   * @param keysym the keysym
   * @return its keycode, or empty
   */
  Optional<Integer> keycodeOf(long keysym) {
    for (int keycode = minKeycode; keycode <= maxKeycode(); keycode++) {
      if (keysym(keycode, 0) == keysym) {
        return Optional.of(keycode);
      }
    }
    return Optional.empty();
  }

  /**
   * Keycodes that give nothing at all, highest first: the ones a typist may borrow.
   *
   * @return the keycodes
   */
  List<Integer> unusedKeycodes() {
    List<Integer> unused = new ArrayList<>();
    for (int keycode = maxKeycode(); keycode >= minKeycode; keycode--) {
      boolean empty = true;
      for (int level = 0; level < perKeycode && empty; level++) {
        empty = keysym(keycode, level) == Keysyms.NO_SYMBOL;
      }
      if (empty) {
        unused.add(keycode);
      }
    }
    return unused;
  }

  /**
   * The keysym at a keycode and index.
   *
   * @param keycode the keycode
   * @param index 0 for level 1, 1 for level 2 (Shift), and so on
   * @return the keysym, or {@link Keysyms#NO_SYMBOL}
   */
  long keysym(int keycode, int index) {
    if (keycode < minKeycode || keycode > maxKeycode() || index < 0 || index >= perKeycode) {
      return Keysyms.NO_SYMBOL;
    }
    return keysyms[(keycode - minKeycode) * perKeycode + index];
  }

  private int maxKeycode() {
    return minKeycode + keysyms.length / perKeycode - 1;
  }
}
