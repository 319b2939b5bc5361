package puente.customer.desktop;

import static java.util.Objects.requireNonNull;

/**
 * Types with {@link java.awt.Robot} through {@link KeyStrokes}: the fallback where neither XTest
 * nor SendInput is available (macOS, or an X display without XTest). Only US-layout ASCII is typed
 * as keys; other characters are pasted through the clipboard.
 */
final class RobotTypist implements Typist {
  private final KeyStrokes keys;

  RobotTypist(KeyStrokes keys) {
    this.keys = requireNonNull(keys, "keys");
  }

  @Override
  public void type(int codePoint) {
    keys.type(Character.toString(codePoint));
  }

  @Override
  public void type(String text) {
    keys.type(text);
  }

  @Override
  public String describe() {
    return "Robot";
  }
}
