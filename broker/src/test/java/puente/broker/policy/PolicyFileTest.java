package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static puente.broker.policy.TestTimes.mx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The policy file: every value is configuration; a bad file names the key")
class PolicyFileTest {

  @TempDir Path dir;

  @Test
  @DisplayName("the shipped defaults are the vendor's policy")
  void defaultsAreTheVendorsPolicy() {
    SupportPolicy p = SupportPolicy.defaults();
    assertThat(p.zone()).isEqualTo(ZoneId.of("America/Mexico_City"));
    assertThat(p.licenceTerms().purchaseMonths()).isEqualTo(12);
    assertThat(p.licenceTerms().updateMonths()).isEqualTo(12);
    assertThat(p.messages().tags()).containsExactly("es-MX", "en");
    assertThat(p.closingWarningLead()).isEqualTo(Duration.ofMinutes(10));
    assertThat(p.categories()).extracting(Category::id).contains("installation", "training");
  }

  @Test
  @DisplayName("P12 a loaded file changes office hours and zone; left-out sections keep defaults")
  void loadsFileOverDefaults() throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        zone: America/Monterrey
        officeHours:
          saturday: [{start: "10:00", end: "13:00"}]
        """);
    SupportPolicy p = SupportPolicy.load(file);
    assertThat(p.zone()).isEqualTo(ZoneId.of("America/Monterrey"));
    assertThat(p.calendar().isOpen(mx("2026-03-14T11:00:00"))).isTrue();
    assertThat(p.calendar().isOpen(mx("2026-03-10T11:00:00"))).isFalse();
    assertThat(p.messages().tags()).containsExactly("es-MX", "en");
    assertThat(p.changesFrom(SupportPolicy.defaults()))
        .contains("zone: America/Mexico_City → America/Monterrey")
        .anyMatch(line -> line.startsWith("officeHours.saturday: closed → [10:00–13:00]"));
  }

  @Test
  @DisplayName("a message can be overridden alone; the other texts keep their defaults")
  void overridesOneMessage() {
    SupportPolicy p =
        SupportPolicy.parse(
            """
            messages:
              es-MX:
                decision.allowed: "Adelante, {customerName}."
            """);
    Decision d =
        p.decide(
            new DecisionRequest(
                SupportPolicyDecisionTest.VALID,
                "contabilidad",
                "2026.2",
                "installation",
                false,
                null),
            mx("2026-03-10T10:00:00"));
    assertThat(d.message()).isEqualTo("Adelante, Papelería Sol.");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          officeHours: {monday: [{start: "09:00", end: "14:00"}, {start: "15:00", end: "25:00"}]} \
          | officeHours.monday[1].end: "25:00" is not a time (expected HH:mm or 24:00)
          officeHours: {monday: [{start: 9, end: "14:00"}]} \
          | officeHours.monday[0].start: 9 is not a time (expected HH:mm); quote it, e.g. "09:00"
          officeHours: {monday: [{start: "15:00", end: "14:00"}]} \
          | officeHours.monday[0].end: "14:00" is not after start "15:00"
          officeHours: {monday: [{start: "09:00", end: "14:00"}, {start: "13:00", end: "18:00"}]} \
          | officeHours.monday[1]: 13:00–18:00 starts before the previous range 09:00–14:00 ends
          officeHours: {mondy: []} \
          | officeHours.mondy: unknown key
          officeHours: {saturday: [], sunday: []} \
          | officeHours: no weekday has office hours
          zone: Mexico/Atlantis \
          | zone: "Mexico/Atlantis" is not a time zone
          holidays: {rules: [{name: x, month: 13, day: 1}]} \
          | holidays.rules[0].month: 13 is not a whole number from 1 to 12
          holidays: {rules: [{name: x, month: 2, day: 30}]} \
          | holidays.rules[0].day: 30 is not a whole number from 1 to 29
          holidays: {extra: [2026-02-30]} \
          | holidays.extra[0]: "2026-02-30" is not a date (expected yyyy-MM-dd)
          licences: {purchaseSupportMonths: 12, updateSupportMonths: 0} \
          | licences.updateSupportMonths: 0 is not a whole number from 1 to 120
          licences: {purchaseSupportMonths: 12, updateSupportMonths: 12, earlyUpdate: later} \
          | licences.earlyUpdate: "later" is not one of [extend, fromPayment]
          products: {contabilidad: {currentRelease: 2026.10, \
          updateUrl: "https://a.mx", selfHelpUrl: "https://a.mx"}} \
          | products.contabilidad.currentRelease: 2026.1 is not text (quote it)
          products: {contabilidad: {currentRelease: "2026.x", \
          updateUrl: "https://a.mx", selfHelpUrl: "https://a.mx"}} \
          | products.contabilidad.currentRelease: "2026.x" is not a version
          products: {contabilidad: {currentRelease: "2026.3", \
          updateUrl: "ftp:/x", selfHelpUrl: "https://a.mx"}} \
          | products.contabilidad.updateUrl: "ftp:/x" is not an http(s) URL
          defaultCategory: printer \
          | defaultCategory: "printer" is not a category id
          categories: [{id: a, scope: maybe, priority: 1, names: {es-MX: A}}] \
          | categories[0].scope: "maybe" is not one of [support, outOfScope]
          categories: [{id: a, scope: support, priority: 1, names: {en: A}}] \
          | categories[0].names: missing a name for the default locale es-MX
          messages: {es-MX: {office.closed: "Abrimos el {nextOpenning}"}} \
          | messages.es-MX.office.closed: unknown placeholder {nextOpenning}
          messages: {fr: {office.closed: "Fermé"}} \
          | messages.fr.licence.unknown: missing
          messages: {es-MX: {format.date: "d 'de MMMM"}} \
          | messages.es-MX.format.date: "d 'de MMMM" is not a date-time pattern
          defaultLocale: de \
          | defaultLocale: "de" has no messages
          closingWarningMinutes: soon \
          | closingWarningMinutes: "soon" is not a whole number from 0 to 600
          colour: blue \
          | colour: unknown key
          """)
  @DisplayName("a bad file is rejected with the key path and the reason")
  void badFileNamesTheKey(String yaml, String expected) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> SupportPolicy.load(file))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageStartingWith(expected);
  }

  @Test
  @DisplayName("the exception exposes the key path on its own")
  void exceptionExposesKeyPath() {
    assertThatThrownBy(
            () -> SupportPolicy.parse("officeHours: {monday: [{start: \"9am\", end: \"14:00\"}]}"))
        .isInstanceOfSatisfying(
            PolicyConfigException.class,
            e -> assertThat(e.keyPath()).isEqualTo("officeHours.monday[0].start"));
  }

  @Test
  @DisplayName("YAML syntax errors and duplicate keys name the file and the line")
  void syntaxErrors() throws IOException {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "zone: America/Mexico_City\nzone: UTC\n");
    assertThatThrownBy(() -> SupportPolicy.load(file))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageContaining("broken.yaml: not valid YAML at line 2")
        .hasMessageContaining("zone");
    Files.writeString(file, "officeHours: [unclosed\n");
    assertThatThrownBy(() -> SupportPolicy.load(file))
        .hasMessageContaining("broken.yaml: not valid YAML");
    Files.writeString(file, "");
    assertThatThrownBy(() -> SupportPolicy.load(file)).hasMessageContaining("empty");
    assertThatThrownBy(() -> SupportPolicy.load(dir.resolve("missing.yaml")))
        .isInstanceOf(PolicyConfigException.class)
        .hasMessageContaining("cannot read");
  }
}
