package puente.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShowableTest {
  @Test
  void spanishAndSymbolsAreShownAsTheyAre() {
    String text = "¿Año? ¡Ñandú! Ü é — 100 % ✓ 😀";

    assertThat(Showable.line(text)).isSameAs(text);
  }

  @Test
  void controlsAndOverridesAreWrittenAsTheirCodes() {
    assertThat(Showable.line("a\u001b[2K\rb\u0000c\u007f\u009bd\u202ee\u2028f\tg\nh"))
        .isEqualTo("a\\x1B[2K\\x0Db\\x00c\\x7F\\x9Bd\\u202Ee\\u2028f\\x09g\\x0Ah");
  }

  @Test
  void aLoneSurrogateIsEscapedAndAPairIsKept() {
    assertThat(Showable.line("x\ud83dy")).isEqualTo("x\\uD83Dy");
    assertThat(Showable.line("x\ud83d\ude00y")).isEqualTo("x\ud83d\ude00y");
  }

  @Test
  void moreLinesAreIndentedSoNoneStartsAtTheMargin() {
    assertThat(Showable.lines("uno\ndos\r\ntres\tcuatro", "  > "))
        .isEqualTo("uno\n  > dos\\x0D\n  > tres\tcuatro");
  }
}
