package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("P22 P25 versions")
class ReleasePolicyTest {

  @ParameterizedTest(name = "P22 {0} vs {1} → {2}")
  @CsvSource({
    "2026.3, 2026.10, -1",
    "2026.10, 2026.3, 1",
    "2026.3, 2026.3.0, 0",
    "10.2.1, 10.10, -1",
    "9.9.9, 10.0, -1",
    "v10.2, 10.2, 0",
    "10.2-beta, 10.2, -1",
    "10.2-beta, 10.2-rc1, -1",
  })
  @DisplayName("P22 versions compare numerically part by part")
  void p22_versionOrder(String a, String b, int sign) {
    assertThat(Integer.signum(VersionNumber.parse(a).compareTo(VersionNumber.parse(b))))
        .isEqualTo(sign);
  }

  @ParameterizedTest(name = "P22 \"{0}\" is not a version")
  @CsvSource({"''", "abc", "2026.", ".3", "2026..3", "2026.3 beta"})
  void p22_rejectsMalformedVersions(String text) {
    assertThat(VersionNumber.tryParse(text)).isEmpty();
  }

  private static final ProductRelease RELEASE =
      new ProductRelease(
          "contabilidad",
          VersionNumber.parse("2026.3"),
          Optional.of(LocalDate.of(2026, 3, 2)),
          Optional.of(VersionNumber.parse("2026.2")),
          Optional.of(LocalDate.of(2026, 4, 1)),
          "https://example.com/update",
          "https://example.com/help");

  @ParameterizedTest(name = "P22 P25 {0} on {1} → {2}")
  @CsvSource({
    "2026.3, 2026-05-01, CURRENT",
    "2026.4, 2026-05-01, CURRENT",
    "2026.2, 2026-03-31, IN_GRACE", // one release behind, during the grace period
    "2026.2, 2026-04-01, OUTDATED", // one release behind, after it
    "2026.1, 2026-03-15, OUTDATED", // older than the grace minimum
    "2025.12, 2026-05-01, UNSUPPORTED", // previous line: self-service only (P25)
  })
  @DisplayName("P22 outdated in the same line, P25 unsupported in an older line")
  void p22_p25_judge(String installed, LocalDate today, ProductRelease.Verdict verdict) {
    assertThat(RELEASE.judge(VersionNumber.parse(installed), today)).isEqualTo(verdict);
  }

  @Test
  @DisplayName("P22 grace given in days after the release date")
  void p22_graceInDays() {
    SupportPolicy p =
        SupportPolicy.parse(
            """
            products:
              contabilidad:
                currentRelease: "2026.3"
                releasedOn: 2026-03-02
                grace: {minimum: "2026.2", days: 30}
                updateUrl: https://example.com/u
                selfHelpUrl: https://example.com/h
            """);
    ProductRelease r = p.product("CONTABILIDAD").orElseThrow();
    assertThat(r.graceEndsOn()).contains(LocalDate.of(2026, 4, 1));
    assertThat(r.judge(VersionNumber.parse("2026.2"), LocalDate.of(2026, 3, 31)))
        .isEqualTo(ProductRelease.Verdict.IN_GRACE);
  }
}
