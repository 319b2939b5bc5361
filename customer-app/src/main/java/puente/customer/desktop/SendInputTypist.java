package puente.customer.desktop;

import static java.util.Objects.requireNonNull;

import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef;
import com.sun.jna.platform.win32.WinUser;

/**
 * Types on Windows with {@code SendInput} and {@code KEYEVENTF_UNICODE}: each UTF-16 unit of a
 * character is sent as a key down and a key up carrying the unit itself (a character outside the
 * basic plane as its two surrogates), so Windows delivers the character whatever the keyboard
 * layout, with no clipboard. Enter, Tab and Backspace are sent as their virtual keys, which
 * applications expect rather than a character.
 *
 * <p>Built and tested here against a recording {@link Sink}; it has not been run on a real Windows
 * desktop yet.
 */
final class SendInputTypist implements Typist {
  static final int VK_BACK = 0x08;
  static final int VK_TAB = 0x09;
  static final int VK_RETURN = 0x0D;

  /** Where the INPUT structures go: {@code User32.SendInput} on Windows, a recorder in tests. */
  interface Sink {
    /**
     * Sends the inputs as one uninterrupted sequence.
     *
     * @param inputs contiguous INPUT structures
     * @return how many were inserted
     */
    int send(WinUser.INPUT[] inputs);
  }

  private final Sink sink;

  SendInputTypist(Sink sink) {
    this.sink = requireNonNull(sink, "sink");
  }

  /**
   * Types through the system's {@code User32.SendInput}.
   *
   * @return the typist
   * @throws LinkageError if User32 cannot be loaded (not Windows)
   */
  static SendInputTypist system() {
    User32 user32 = User32.INSTANCE;
    return new SendInputTypist(
        inputs ->
            user32.SendInput(new WinDef.DWORD(inputs.length), inputs, inputs[0].size()).intValue());
  }

  @Override
  public void type(int codePoint) {
    WinUser.INPUT[] inputs = inputsFor(codePoint);
    if (inputs.length == 0) {
      return;
    }
    int sent = sink.send(inputs);
    if (sent != inputs.length) {
      // Windows refuses input into a window of higher integrity (UIPI), e.g. an elevated program.
      throw new IllegalStateException(
          "SendInput inserted " + sent + " of " + inputs.length + " inputs");
    }
  }

  /**
   * The INPUT structures that type a character.
   *
   * @param codePoint the character
   * @return contiguous INPUT structures, none for a control character that types nothing
   */
  static WinUser.INPUT[] inputsFor(int codePoint) {
    int virtualKey =
        switch (codePoint) {
          case '\n', '\r' -> VK_RETURN;
          case '\t' -> VK_TAB;
          case '\b' -> VK_BACK;
          default -> 0;
        };
    if (virtualKey != 0) {
      WinUser.INPUT[] inputs = allocate(2);
      key(inputs[0], virtualKey, (char) 0, 0);
      key(inputs[1], virtualKey, (char) 0, WinUser.KEYBDINPUT.KEYEVENTF_KEYUP);
      return inputs;
    }
    if (Character.isISOControl(codePoint) || !Character.isValidCodePoint(codePoint)) {
      return new WinUser.INPUT[0];
    }
    char[] units = Character.toChars(codePoint);
    WinUser.INPUT[] inputs = allocate(units.length * 2);
    for (int i = 0; i < units.length; i++) {
      int unicode = WinUser.KEYBDINPUT.KEYEVENTF_UNICODE;
      key(inputs[2 * i], 0, units[i], unicode);
      key(inputs[2 * i + 1], 0, units[i], unicode | WinUser.KEYBDINPUT.KEYEVENTF_KEYUP);
    }
    return inputs;
  }

  private static WinUser.INPUT[] allocate(int count) {
    // SendInput reads an array of structures laid out one after the other.
    return (WinUser.INPUT[]) new WinUser.INPUT().toArray(count);
  }

  private static void key(WinUser.INPUT input, int virtualKey, char unit, int flags) {
    input.type = new WinDef.DWORD(WinUser.INPUT.INPUT_KEYBOARD);
    input.input.setType("ki");
    input.input.ki.wVk = new WinDef.WORD(virtualKey);
    input.input.ki.wScan = new WinDef.WORD(unit);
    input.input.ki.dwFlags = new WinDef.DWORD(flags);
    input.input.ki.time = new WinDef.DWORD(0);
    input.write();
  }

  @Override
  public String describe() {
    return "SendInput";
  }
}
