package puente.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void aSecretNamedOnlyByItsDigestIsMaskedWhereverItIsAWord() {
    Secrets secrets = Secrets.passwordForms().withDigests(List.of(Secrets.sha256("Tl4loc#2026")));

    assertThat(secrets.mask("pruebe con Tl4loc#2026 por favor"))
        .isEqualTo("pruebe con " + Secrets.MASK + " por favor");
    assertThat(secrets.mask("Server=.;Database=conta;User Id=sa;'Tl4loc#2026'"))
        .doesNotContain("Tl4loc#2026");
    // Only the whole word: a longer word that contains it is another word.
    assertThat(secrets.mask("xTl4loc#2026")).isEqualTo("xTl4loc#2026");
  }

  @Test
  void textWithoutSecretsIsReturnedUnchanged() {
    Secrets secrets = Secrets.passwordForms().withDigests(List.of(Secrets.sha256("Tl4loc#2026")));
    String text = "ya quedó, gracias";

    assertThat(secrets.mask(text)).isSameAs(text);
  }

  @Test
  void theDigestIsTheOneSha256sumPrints() {
    // printf %s abc | sha256sum
    assertThat(Secrets.sha256("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void refusesSomethingThatIsNotADigest() {
    assertThatThrownBy(() -> Secrets.passwordForms().withDigests(List.of("Tl4loc#2026")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: 64 lowercase hexadecimal digits");
  }
}
