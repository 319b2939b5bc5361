package puente.customer.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyMapTest {
  // Keycodes 10..14, two keysyms each: a/A, ntilde/Ntilde, e/E, empty, Return.
  private final KeyMap map =
      new KeyMap(10, 2, new long[] {'a', 'A', 0xf1, 0xd1, 'e', 'E', 0, 0, Keysyms.RETURN, 0});

  @Test
  void aCharacterOnTheFirstLevelIsPressedWithoutShift() {
    assertThat(map.find('ñ')).contains(new KeyMap.Stroke(11, false));
    assertThat(map.find('\n')).contains(new KeyMap.Stroke(14, false));
  }

  @Test
  void aCharacterOnTheSecondLevelIsPressedWithShift() {
    assertThat(map.find('Ñ')).contains(new KeyMap.Stroke(11, true));
  }

  @Test
  void aCharacterNoKeyGivesIsNotFound() {
    assertThat(map.find('€')).isEmpty();
    assertThat(map.find('á')).isEmpty();
  }

  @Test
  void onlyKeycodesWithNoSymbolAtAllMayBeBorrowed() {
    assertThat(map.unusedKeycodes()).containsExactly(13);
  }

  @Test
  void keysymsAreLatinOneOrUnicodeAndReadBackToTheSameCharacter() {
    assertThat(Keysyms.of('ñ')).isEqualTo(0xf1);
    assertThat(Keysyms.of('€')).isEqualTo(0x010020acL);
    assertThat(Keysyms.of("😀".codePointAt(0))).isEqualTo(0x0101f600L);
    assertThat(Keysyms.of(0x07)).isEqualTo(Keysyms.NO_SYMBOL);
    for (int c : "año ñandú ¿Qué? ¡Sí! Ü € 😀\n\t".codePoints().toArray()) {
      assertThat(Keysyms.codePointOf(Keysyms.of(c))).as("U+%04X", c).isEqualTo(c);
    }
    // Layouts give the euro sign its legacy keysym.
    assertThat(Keysyms.codePointOf(0x20ac)).isEqualTo('€');
  }
}
