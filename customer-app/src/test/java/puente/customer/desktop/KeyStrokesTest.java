package puente.customer.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.event.KeyEvent;
import org.junit.jupiter.api.Test;

class KeyStrokesTest {
  @Test
  void asciiMapsToUsLayoutKeysWithShiftWhereNeeded() {
    assertThat(KeyStrokes.stroke('a')).containsExactly(KeyEvent.VK_A, 0);
    assertThat(KeyStrokes.stroke('Z')).containsExactly(KeyEvent.VK_Z, 1);
    assertThat(KeyStrokes.stroke('7')).containsExactly(KeyEvent.VK_7, 0);
    assertThat(KeyStrokes.stroke('&')).containsExactly(KeyEvent.VK_7, 1);
    assertThat(KeyStrokes.stroke('?')).containsExactly(KeyEvent.VK_SLASH, 1);
    assertThat(KeyStrokes.stroke('"')).containsExactly(KeyEvent.VK_QUOTE, 1);
    assertThat(KeyStrokes.stroke(' ')).containsExactly(KeyEvent.VK_SPACE, 0);
    assertThat(KeyStrokes.stroke('\n')).containsExactly(KeyEvent.VK_ENTER, 0);
  }

  @Test
  void charactersWithoutAKeyAreLeftForPasting() {
    assertThat(KeyStrokes.stroke('\u0007')).isNull();
    assertThat(KeyStrokes.stroke('\r')).isNull();
  }
}
