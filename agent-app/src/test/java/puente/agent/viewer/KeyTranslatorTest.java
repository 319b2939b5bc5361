package puente.agent.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Canvas;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTranslatorTest {
  private final Canvas source = new Canvas();
  private final List<String> sent = new ArrayList<>();
  private final KeyTranslator keys =
      new KeyTranslator(
          event ->
              sent.add(
                  event.hasText()
                      ? "text " + event.getText()
                      : (event.getKey().getPressed() ? "press " : "release ")
                          + KeyEvent.getKeyText(event.getKey().getKeyCode())));

  @Test
  void printableCharactersTravelAsTextWhateverTheLayout() {
    type(KeyEvent.VK_UNDEFINED, 'ñ', 0);
    type(KeyEvent.VK_2, '@', InputEvent.ALT_GRAPH_DOWN_MASK);
    type(KeyEvent.VK_A, 'A', InputEvent.SHIFT_DOWN_MASK);

    assertThat(sent).containsExactly("text ñ", "text @", "text A");
  }

  @Test
  void keysThatTypeNothingTravelAsKeyCodesWithShiftWhenHeld() {
    keys.pressed(key(KeyEvent.KEY_PRESSED, KeyEvent.VK_SHIFT, InputEvent.SHIFT_DOWN_MASK));
    type(KeyEvent.VK_TAB, '\t', InputEvent.SHIFT_DOWN_MASK);
    keys.released(key(KeyEvent.KEY_RELEASED, KeyEvent.VK_SHIFT, 0));
    type(KeyEvent.VK_ENTER, '\n', 0);

    assertThat(sent)
        .containsExactly(
            "press Shift",
            "press Tab",
            "release Tab",
            "release Shift",
            "press Enter",
            "release Enter");
  }

  @Test
  void withControlHeldEveryKeyIsAShortcut() {
    keys.pressed(key(KeyEvent.KEY_PRESSED, KeyEvent.VK_CONTROL, InputEvent.CTRL_DOWN_MASK));
    type(KeyEvent.VK_C, (char) 3, InputEvent.CTRL_DOWN_MASK);
    keys.released(key(KeyEvent.KEY_RELEASED, KeyEvent.VK_CONTROL, 0));

    assertThat(sent).containsExactly("press Ctrl", "press C", "release C", "release Ctrl");
  }

  @Test
  void releaseAllLetsGoOfWhatTheCustomerStillHolds() {
    keys.pressed(key(KeyEvent.KEY_PRESSED, KeyEvent.VK_LEFT, InputEvent.SHIFT_DOWN_MASK));

    keys.releaseAll();

    assertThat(sent).containsExactly("press Shift", "press Left", "release Left", "release Shift");
  }

  private void type(int code, char c, int modifiers) {
    keys.pressed(key(KeyEvent.KEY_PRESSED, code, modifiers));
    keys.typed(new KeyEvent(source, KeyEvent.KEY_TYPED, 0, modifiers, KeyEvent.VK_UNDEFINED, c));
    keys.released(key(KeyEvent.KEY_RELEASED, code, modifiers));
  }

  private KeyEvent key(int id, int code, int modifiers) {
    return new KeyEvent(source, id, 0, modifiers, code, KeyEvent.CHAR_UNDEFINED);
  }
}
