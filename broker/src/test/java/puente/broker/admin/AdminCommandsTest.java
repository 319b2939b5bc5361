package puente.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import puente.broker.BrokerMain;

/** The operator's commands, run as the command line runs them, on an H2 file database. */
class AdminCommandsTest {
  @TempDir Path dir;
  PrintStream stdout;
  PrintStream stderr;
  ByteArrayOutputStream out;
  ByteArrayOutputStream err;

  @BeforeEach
  void capture() {
    stdout = System.out;
    stderr = System.err;
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
  }

  int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    List<String> all =
        new ArrayList<>(
            List.of(
                "--set",
                "database.url=jdbc:h2:file:"
                    + dir.resolve("db").toAbsolutePath()
                    + ";AUTO_SERVER=TRUE"));
    all.addAll(List.of(args));
    try {
      return new CommandLine(new BrokerMain()).execute(all.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  Path csv(String... lines) throws Exception {
    Path file = dir.resolve("licences.csv");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void aCsvWithABadRowImportsNothingAndNamesEachBadLine() throws Exception {
    Path file =
        csv(
            "key,customer,product,mode,starts,ends,updates",
            "LIC-1,Contadores Rivera SC,contabilidad,rental,2026-01-01,2027-01-01,",
            "LIC-2,Despacho Sánchez,contabilidad,compra,2025-03-01,,",
            "LIC-3,Nómina Norte,nomina,purchase,2025-13-01,,",
            "LIC-4,Fiscal Sur,contabilidad,purchase,2024-02-29,,2025-03-01;2026-03-01");
    assertThat(run("licence", "import", file.toString())).isEqualTo(1);
    assertThat(err())
        .contains("line 3: mode: compra (expected: rental or purchase)")
        .contains("line 4: starts: 2025-13-01 is not a date")
        .contains("2 bad row(s): nothing imported");
    assertThat(run("licence", "show", "LIC-1")).isEqualTo(1);
    assertThat(err()).contains("licence LIC-1 is unknown");

    assertThat(run("licence", "import", file.toString(), "--skip-bad")).isEqualTo(1);
    assertThat(out()).contains("2 licence(s) imported, 2 bad row(s) skipped");
    assertThat(run("licence", "show", "LIC-4")).isZero();
    assertThat(out()).contains("update:    paid 2026-03-01").contains("mode:      purchase");
  }

  @Test
  void p26ReissuesALostLicenceOnlyWhileValid() throws Exception {
    assertThat(
            run(
                "licence",
                "add",
                "LIC-OK",
                "--customer",
                "Vigente SA",
                "--product",
                "contabilidad",
                "--mode",
                "rental",
                "--starts",
                "2020-01-01",
                "--ends",
                "2099-01-01"))
        .isZero();
    assertThat(
            run(
                "licence",
                "add",
                "LIC-OLD",
                "--customer",
                "Vencida SA",
                "--product",
                "contabilidad",
                "--mode",
                "purchase",
                "--starts",
                "2020-01-01"))
        .isZero();

    assertThat(run("licence", "reissue", "LIC-OLD")).isEqualTo(1);
    assertThat(err()).contains("cannot be re-issued until an update is paid (P26)");

    assertThat(run("licence", "reissue", "LIC-OK")).isZero();
    String newKey = out().replaceAll("(?s).*re-issued as (LIC-[A-Z0-9-]+);.*", "$1").trim();
    assertThat(run("licence", "show", "LIC-OK")).isEqualTo(1);
    assertThat(run("licence", "show", newKey)).isZero();
    assertThat(out()).contains("customer:  Vigente SA").contains("status:    VALID");
  }

  @Test
  void p3APaidUpdateRenewsAnExpiredPurchase() {
    assertThat(
            run(
                "licence",
                "add",
                "LIC-P",
                "--customer",
                "Compra SA",
                "--product",
                "contabilidad",
                "--mode",
                "purchase",
                "--starts",
                "2020-01-01"))
        .isZero();
    assertThat(run("licence", "show", "LIC-P")).isZero();
    assertThat(out()).contains("status:    EXPIRED");
    String today = java.time.LocalDate.now(java.time.ZoneId.of("America/Mexico_City")).toString();
    assertThat(run("licence", "update", "LIC-P", "--paid", today)).isZero();
    assertThat(out()).contains("status VALID");
  }

  @Test
  void policyCheckExplainsARefusalAtAnyInstant() {
    assertThat(
            run(
                "licence",
                "add",
                "LIC-1",
                "--customer",
                "Contadores Rivera SC",
                "--product",
                "contabilidad",
                "--mode",
                "rental",
                "--starts",
                "2026-01-01",
                "--ends",
                "2027-01-01"))
        .isZero();
    // Saturday 28 November 2026, 11:00 in Mexico City: closed (P12).
    assertThat(
            run(
                "policy",
                "check",
                "--licence",
                "LIC-1",
                "--version",
                "2026.2",
                "--at",
                "2026-11-28T11:00"))
        .isEqualTo(PolicyCommands.REFUSED);
    assertThat(out())
        .contains("decision:  REFUSED")
        .contains("rule:      P12 OFFICE_CLOSED")
        .contains("opens:     2026-11-30T09:00-06:00[America/Mexico_City]");
    // Tuesday 24 November 2026, 10:00: open.
    assertThat(
            run(
                "policy",
                "check",
                "--licence",
                "LIC-1",
                "--version",
                "2026.2",
                "--at",
                "2026-11-24T16:00:00Z"))
        .isZero();
    assertThat(out()).contains("decision:  ALLOWED").contains("licence:   VALID");
    assertThat(
            run(
                "policy",
                "check",
                "--licence",
                "LIC-NOPE",
                "--version",
                "2026.2",
                "--at",
                "2026-11-24T10:00",
                "--locale",
                "en"))
        .isEqualTo(PolicyCommands.REFUSED);
    assertThat(out()).contains("LICENCE_UNKNOWN");
  }

  @Test
  void policyCheckOfAnUnknownLicenceGivesThatReasonAlone() {
    // Tuesday 24 November 2026, 10:00: open, so only the licence can refuse.
    assertThat(
            run(
                "policy",
                "check",
                "--licence",
                "LIC-NOPE",
                "--version",
                "2026.2",
                "--at",
                "2026-11-24T10:00"))
        .isEqualTo(PolicyCommands.REFUSED);
    assertThat(out())
        .contains("rule:      P1 LICENCE_UNKNOWN")
        .doesNotContain("VERSION_UNSUPPORTED")
        .doesNotContain("P22");
  }

  @Test
  void policyValidateNamesTheBadKey() throws Exception {
    Path bad = dir.resolve("policy.yaml");
    Files.writeString(bad, "officeHours:\n  monday: [{start: \"25:00\", end: \"18:00\"}]\n");
    assertThat(run("policy", "validate", bad.toString())).isEqualTo(2);
    assertThat(err()).contains("officeHours.monday");
  }
}
