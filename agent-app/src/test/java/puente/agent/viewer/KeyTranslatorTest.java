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
                  event.getKindCase() == puente.v1.InputEvent.KindCase.TYPED
                      ? "typed " + Character.toString(event.getTyped())
                      : (event.getKey().getPressed() ? "press " : "release ")
                          + KeyEvent.getKeyText(event.getKey().getKeyCode())));

  @Test
  void printableCharactersTravelAsTypedCharactersWhateverTheLayout() {
    type(KeyEvent.VK_UNDEFINED, 'ñ', 0);
    type(KeyEvent.VK_2, '@', InputEvent.ALT_GRAPH_DOWN_MASK);
    type(KeyEvent.VK_A, 'A', InputEvent.SHIFT_DOWN_MASK);

    assertThat(sent).containsExactly("typed ñ", "typed @", "typed A");
  }

  @Test
  void aDeadKeyAndTheLetterAfterItTravelAsOneComposedCharacter() {
    // Spanish layout: the acute dead key, then "a"; the agent's keyboard composes "á".
    keys.pressed(key(KeyEvent.KEY_PRESSED, KeyEvent.VK_DEAD_ACUTE, 0));
    keys.released(key(KeyEvent.KEY_RELEASED, KeyEvent.VK_DEAD_ACUTE, 0));
    type(KeyEvent.VK_A, 'á', 0);

    assertThat(sent).containsExactly("typed á");
  }

  @Test
  void altGraphTypesTheCharacterOnceAndSendsNoShortcut() {
    // Spanish layout: AltGr+E is "€".
    keys.pressed(key(KeyEvent.KEY_PRESSED, KeyEvent.VK_ALT_GRAPH, InputEvent.ALT_GRAPH_DOWN_MASK));
    type(KeyEvent.VK_E, '€', InputEvent.ALT_GRAPH_DOWN_MASK);
    keys.released(key(KeyEvent.KEY_RELEASED, KeyEvent.VK_ALT_GRAPH, 0));

    assertThat(sent).containsExactly("typed €");
  }

  @Test
  void aCharacterOutsideTheBasicPlaneTravelsAsOneCodePoint() {
    String smile = "😀";
    keys.typed(typedEvent(smile.charAt(0), 0));
    keys.typed(typedEvent(smile.charAt(1), 0));

    assertThat(sent).containsExactly("typed 😀");
  }

  @Test
  void enterAndBackspaceTravelAsKeysOnlyNeverAlsoAsCharacters() {
    type(KeyEvent.VK_ENTER, '\n', 0);
    type(KeyEvent.VK_BACK_SPACE, '\b', 0);
    type(KeyEvent.VK_DELETE, (char) 127, 0);

    assertThat(sent)
        .containsExactly(
            "press Enter",
            "release Enter",
            "press Backspace",
            "release Backspace",
            "press Delete",
            "release Delete");
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
    keys.typed(typedEvent(c, modifiers));
    keys.released(key(KeyEvent.KEY_RELEASED, code, modifiers));
  }

  private KeyEvent typedEvent(char c, int modifiers) {
    return new KeyEvent(source, KeyEvent.KEY_TYPED, 0, modifiers, KeyEvent.VK_UNDEFINED, c);
  }

  private KeyEvent key(int id, int code, int modifiers) {
    return new KeyEvent(source, id, 0, modifiers, code, KeyEvent.CHAR_UNDEFINED);
  }
}
