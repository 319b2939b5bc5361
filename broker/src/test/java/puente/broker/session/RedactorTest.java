package puente.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  final Redactor redactor = new Redactor(List.of("Vendor#2026!"));

  @ParameterizedTest(name = "P11 masks: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Server=.\\SQL;User Id=sa;Password=Secreta123;|Server=.\\SQL;User Id=sa;Password=[oculto];",
        "la contraseña de sa es Secreta123|la contraseña de sa es [oculto]",
        "contraseña: Secreta123|contraseña: [oculto]",
        "entre con sa / Secreta123 por favor|entre con sa / [oculto] por favor",
        "the password is Hunter22|the password is [oculto]",
        "use Vendor#2026! en el servidor|use [oculto] en el servidor",
      })
  void p11MasksDatabasePasswords(String text, String expected) {
    assertThat(redactor.redact(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "P11 leaves alone: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "¿Ya reinició el servicio de SQL Server?",
        "Abra Contabilidad y vaya a Configuración",
        "la versión instalada es 2026.2",
      })
  void p11LeavesOrdinaryTextAlone(String text) {
    assertThat(redactor.redact(text)).isSameAs(text);
  }
}
