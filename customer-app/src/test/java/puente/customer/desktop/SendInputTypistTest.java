package puente.customer.desktop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.platform.win32.WinUser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link SendInputTypist} hands to {@code SendInput}, read back from the structures' memory.
 * Not run against a real Windows desktop.
 */
class SendInputTypistTest {
  private static final int UNICODE = WinUser.KEYBDINPUT.KEYEVENTF_UNICODE;
  private static final int UP = WinUser.KEYBDINPUT.KEYEVENTF_KEYUP;

  private final List<List<String>> calls = new ArrayList<>();
  private final SendInputTypist typist =
      new SendInputTypist(
          inputs -> {
            calls.add(Arrays.stream(inputs).map(SendInputTypistTest::describe).toList());
            return inputs.length;
          });

  @Test
  void aSpanishLetterIsOneUnicodeKeyDownAndUp() {
    typist.type('ñ');

    assertThat(calls).containsExactly(List.of("unicode 00F1 down", "unicode 00F1 up"));
  }

  @Test
  void theEuroSignIsTypedAsItsCodeUnitWhateverTheLayout() {
    typist.type('€');

    assertThat(calls).containsExactly(List.of("unicode 20AC down", "unicode 20AC up"));
  }

  @Test
  void aCharacterOutsideTheBasicPlaneIsItsTwoSurrogatesInOneCall() {
    typist.type("😀".codePointAt(0));

    assertThat(calls)
        .containsExactly(
            List.of(
                "unicode D83D down", "unicode D83D up", "unicode DE00 down", "unicode DE00 up"));
  }

  @Test
  void enterIsTheReturnVirtualKeyNotACharacter() {
    typist.type('\n');

    assertThat(calls).containsExactly(List.of("vk 0D down", "vk 0D up"));
  }

  @Test
  void otherControlCharactersTypeNothing() {
    typist.type(0x07);

    assertThat(calls).isEmpty();
  }

  @Test
  void inputThatWindowsRefusesIsReportedNotIgnored() {
    SendInputTypist refused = new SendInputTypist(inputs -> 0);

    assertThatThrownBy(() -> refused.type('ñ'))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("0 of 2");
  }

  @Test
  void theStructuresAreKeyboardInputsLaidOutContiguously() {
    WinUser.INPUT[] inputs = SendInputTypist.inputsFor('á');

    assertThat(inputs).hasSize(2);
    assertThat(
            com.sun.jna.Pointer.nativeValue(inputs[1].getPointer())
                - com.sun.jna.Pointer.nativeValue(inputs[0].getPointer()))
        .isEqualTo(inputs[0].size());
  }

  /** Reads a structure back from native memory, as SendInput would. */
  private static String describe(WinUser.INPUT input) {
    input.read();
    assertThat(input.type.intValue()).isEqualTo(WinUser.INPUT.INPUT_KEYBOARD);
    input.input.setType("ki");
    input.input.read();
    WinUser.KEYBDINPUT ki = input.input.ki;
    int flags = ki.dwFlags.intValue();
    String direction = (flags & UP) != 0 ? "up" : "down";
    if ((flags & UNICODE) != 0) {
      assertThat(ki.wVk.intValue()).as("wVk must be 0 with KEYEVENTF_UNICODE").isZero();
      return String.format("unicode %04X %s", ki.wScan.intValue(), direction);
    }
    return String.format("vk %02X %s", ki.wVk.intValue(), direction);
  }
}
