package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static puente.broker.policy.TestTimes.mx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reloading the policy on a running broker")
class PolicyHolderTest {

  @TempDir Path dir;

  @Test
  @DisplayName("P12 a reload applies to the next decision and reports what changed")
  void reloadAppliesToNextDecision() throws IOException {
    PolicyHolder holder = new PolicyHolder(SupportPolicy.defaults());
    assertThat(holder.current().calendar().isOpen(mx("2026-12-24T10:00:00"))).isTrue();
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        holidays:
          rules:
            - {name: "Navidad", month: 12, day: 25}
          extra: [2026-12-24]
        """);
    List<String> changes = holder.reload(file);
    assertThat(holder.current().calendar().isOpen(mx("2026-12-24T10:00:00"))).isFalse();
    assertThat(changes)
        .contains(
            "holidays.rules: 8 rules → 1 rules",
            "holidays.extra: added [2026-12-24], " + "removed []");
  }

  @Test
  @DisplayName("a bad file on reload keeps the old policy in force")
  void badReloadKeepsOldPolicy() throws IOException {
    SupportPolicy before = SupportPolicy.defaults();
    PolicyHolder holder = new PolicyHolder(before);
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "officeHours: {monday: [{start: \"09:00\", end: \"25:00\"}]}\n");
    assertThatThrownBy(() -> holder.reload(file))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageContaining("officeHours.monday[0].end");
    assertThat(holder.current()).isSameAs(before);
  }

  @Test
  @DisplayName("reloading an equivalent file reports no changes")
  void reloadWithoutChanges() throws IOException {
    PolicyHolder holder = new PolicyHolder(SupportPolicy.defaults());
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "zone: America/Mexico_City\n");
    assertThat(holder.reload(file)).isEmpty();
    assertThat(
            holder
                .current()
                .licenceTerms()
                .supportUntil(
                    Licence.purchase("K", "C", "contabilidad", LocalDate.of(2025, 1, 31))))
        .isEqualTo(LocalDate.of(2026, 1, 31));
  }
}
