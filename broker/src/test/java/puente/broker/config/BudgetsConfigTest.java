package puente.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetsConfigTest {
  @TempDir Path dir;

  @Test
  void theShippedBudgetsAreThoseTheReadmeNames() {
    Budgets budgets = new ConfigLoader(dir).load(null, List.of()).budgets();
    assertThat(budgets.registrationsPerAddress()).isEqualTo(new Budgets.Rate(10, 4));
    assertThat(budgets.registrationsPerLicence()).isEqualTo(new Budgets.Rate(15, 4));
    assertThat(budgets.codeGuesses()).isEqualTo(10);
    assertThat(budgets.loginFailuresPerUser()).isEqualTo(10);
  }

  @Test
  void aBudgetThatCannotWorkIsNamedWithItsKey() {
    ConfigLoader loader = new ConfigLoader(dir);
    assertThatThrownBy(
            () -> loader.load(null, List.of("budgets.registrationsPerAddress.perMinute=0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("budgets.registrationsPerAddress.perMinute: 0.0 (expected: > 0)");
    assertThatThrownBy(() -> loader.load(null, List.of("budgets.registrationsPerLicence.burst=0")))
        .hasMessage("budgets.registrationsPerLicence.burst: 0 (expected: >= 1)");
    assertThatThrownBy(() -> loader.load(null, List.of("budgets.codeGuesses=0")))
        .hasMessage("budgets.codeGuesses: 0 (expected: >= 1)");
    assertThatThrownBy(() -> loader.load(null, List.of("budgets.codeGueses=5")))
        .hasMessage("budgets.codeGueses: unknown key");
  }
}
