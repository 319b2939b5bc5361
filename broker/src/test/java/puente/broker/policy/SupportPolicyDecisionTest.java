package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static puente.broker.policy.TestTimes.MX;
import static puente.broker.policy.TestTimes.mx;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import puente.v1.RefusalReason;

@DisplayName("Decisions: licence, version, category and office hours")
class SupportPolicyDecisionTest {

  static final SupportPolicy POLICY =
      SupportPolicy.parse(
          """
          products:
            contabilidad:
              currentRelease: "2026.3"
              releasedOn: 2026-03-02
              updateUrl: https://soporte.example.com.mx/descargas/contabilidad
              selfHelpUrl: https://soporte.example.com.mx/ayuda/contabilidad
          """);

  static final Locale ES = Locale.forLanguageTag("es-MX");
  static final Locale EN = Locale.forLanguageTag("en-US");
  static final Instant TUESDAY_10 = mx("2026-03-10T10:00:00");
  static final String HELP = "https://soporte.example.com.mx/ayuda";
  static final String PRODUCT_HELP = "https://soporte.example.com.mx/ayuda/contabilidad";
  static final String INSTALL_HELP = "https://soporte.example.com.mx/ayuda/instalacion";

  static final Licence VALID =
      Licence.purchase(
          "CT-100",
          "Papelería Sol",
          "contabilidad",
          LocalDate.of(2025, 6, 1),
          LocalDate.of(2026, 5, 20));
  static final Licence EXPIRED_PURCHASE =
      Licence.purchase("CT-200", "Ferretería Luna", "contabilidad", LocalDate.of(2024, 12, 1));
  static final Licence EXPIRED_RENTAL =
      Licence.rental(
          "CT-300",
          "Taller Río",
          "contabilidad",
          LocalDate.of(2025, 3, 1),
          LocalDate.of(2026, 3, 1));
  static final Licence OTHER_PRODUCT =
      Licence.purchase("NO-400", "Abarrotes Mar", "nomina", LocalDate.of(2025, 6, 1));

  static DecisionRequest request(
      Licence licence, String version, String category, boolean advisory, Locale locale) {
    return new DecisionRequest(licence, "contabilidad", version, category, advisory, locale);
  }

  @Test
  @DisplayName("P1 P5 P12 P22 valid licence, current version, in-scope category, in hours: allowed")
  void allowsSupportedRequest() {
    Decision d = POLICY.decide(request(VALID, "2026.3", "installation", false, ES), TUESDAY_10);
    assertThat(d.allowed()).isTrue();
    assertThat(d.violations()).isEmpty();
    assertThat(d.reason()).isEmpty();
    assertThat(d.billable()).isFalse();
    assertThat(d.priority()).isEqualTo(2);
    assertThat(d.categoryId()).isEqualTo("installation");
    assertThat(d.licenceStatus()).isEqualTo(LicenceStatus.VALID);
    assertThat(d.supportUntil()).contains(LocalDate.of(2027, 6, 1)); // P3 early update extends
    assertThat(d.nextOpening()).isEmpty();
    assertThat(d.closesAt()).contains(mx("2026-03-10T14:00:00").atZone(MX));
    assertThat(d.selfHelpUrl()).contains(INSTALL_HELP); // P9: self-help for the category
    assertThat(d.message()).isEqualTo("Listo, ya puede iniciar la sesión de soporte.");
    assertThat(d.languageTag()).isEqualTo("es-MX");
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(
            "P1 unknown licence",
            null,
            "2026.3",
            "installation",
            TUESDAY_10,
            "P1",
            RefusalReason.LICENCE_UNKNOWN,
            INSTALL_HELP,
            "No encontramos su licencia en nuestro registro."),
        Arguments.of(
            "P1 licence for another product",
            OTHER_PRODUCT,
            "2026.3",
            "installation",
            TUESDAY_10,
            "P1",
            RefusalReason.LICENCE_PRODUCT_MISMATCH,
            INSTALL_HELP,
            "La licencia NO-400 es de nomina, pero la solicitud viene de contabilidad."),
        Arguments.of(
            "P2 rental ended",
            EXPIRED_RENTAL,
            "2026.3",
            "installation",
            TUESDAY_10,
            "P2",
            RefusalReason.LICENCE_EXPIRED,
            INSTALL_HELP,
            "tuvo soporte hasta el 28 de febrero de 2026"),
        Arguments.of(
            "P26 purchase expired",
            EXPIRED_PURCHASE,
            "2026.3",
            "installation",
            TUESDAY_10,
            "P26",
            RefusalReason.LICENCE_EXPIRED,
            INSTALL_HELP,
            "El soporte de su licencia CT-200 terminó el 30 de noviembre de 2025."),
        Arguments.of(
            "P22 one release behind",
            VALID,
            "2026.2",
            "installation",
            TUESDAY_10,
            "P22",
            RefusalReason.VERSION_OUTDATED,
            INSTALL_HELP,
            "Tiene instalada la versión 2026.2 y la vigente es la 2026.3. Descargue e instale la "
                + "actualización desde https://soporte.example.com.mx/descargas/contabilidad"),
        Arguments.of(
            "P22 unreadable version",
            VALID,
            "",
            "installation",
            TUESDAY_10,
            "P22",
            RefusalReason.VERSION_OUTDATED,
            INSTALL_HELP,
            "Instale la versión 2026.3"),
        Arguments.of(
            "P25 previous version",
            VALID,
            "2025.12",
            "installation",
            TUESDAY_10,
            "P25",
            RefusalReason.VERSION_UNSUPPORTED,
            PRODUCT_HELP,
            "ya no tiene soporte por teléfono, correo ni acceso remoto. Puede resolver sus dudas "
                + "con la ayuda del sistema o en "
                + PRODUCT_HELP),
        Arguments.of(
            "P5 unknown category",
            VALID,
            "2026.3",
            "printer",
            TUESDAY_10,
            "P5",
            RefusalReason.CATEGORY_UNKNOWN,
            HELP,
            "No reconocemos el tipo de problema «printer»."),
        Arguments.of(
            "P8 out of scope without advisory",
            VALID,
            "2026.3",
            "accounting-tax",
            TUESDAY_10,
            "P8",
            RefusalReason.CATEGORY_OUT_OF_SCOPE,
            HELP,
            "«Dudas contables, fiscales o de auditoría» no forma parte del soporte técnico."),
        Arguments.of(
            "P12 closed at 18:00",
            VALID,
            "2026.3",
            "installation",
            mx("2026-03-10T18:00:00"),
            "P12",
            RefusalReason.OFFICE_CLOSED,
            INSTALL_HELP,
            "a partir del miércoles 11 de marzo a las 09:00 (hora de la Ciudad de México)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  @DisplayName("every refusal carries its rule, reason, Spanish message and self-help link")
  void refusalCarriesReasonMessageAndSelfHelp(
      String name,
      Licence licence,
      String version,
      String category,
      Instant at,
      String rule,
      RefusalReason reason,
      String selfHelp,
      String messagePart) {
    Decision d = POLICY.decide(request(licence, version, category, false, null), at);
    assertThat(d.allowed()).isFalse();
    assertThat(d.violations()).hasSize(1);
    Violation v = d.violations().get(0);
    assertThat(v.rule()).isEqualTo(rule);
    assertThat(v.reason()).isEqualTo(reason);
    assertThat(v.message()).contains(messagePart);
    assertThat(d.reason()).contains(reason);
    assertThat(d.selfHelpUrl()).contains(selfHelp);
    assertThat(d.message()).startsWith(v.message()).endsWith(selfHelp + ".");
    assertThat(d.billable()).isFalse();
    assertThat(d.nextOpening().isPresent()).isEqualTo(reason == RefusalReason.OFFICE_CLOSED);
  }

  @ParameterizedTest(name = "P12 {0} → allowed={1}")
  @CsvSource({
    "2026-03-10T08:59:59, false", "2026-03-10T09:00:00, true",
    "2026-03-10T13:59:59, true", "2026-03-10T14:00:00, false",
    "2026-03-10T14:59:59, false", "2026-03-10T15:00:00, true",
    "2026-03-10T17:59:59, true", "2026-03-10T18:00:00, false",
    "2026-03-14T11:00:00, false", "2026-11-16T11:00:00, false",
  })
  @DisplayName("P12 a session opens only inside office hours")
  void p12_opensOnlyInOfficeHours(String local, boolean allowed) {
    Decision d = POLICY.decide(request(VALID, "2026.3", "installation", false, ES), mx(local));
    assertThat(d.allowed()).isEqualTo(allowed);
    if (!allowed) {
      assertThat(d.reasons()).containsExactly(RefusalReason.OFFICE_CLOSED);
      assertThat(d.nextOpening()).isPresent();
      assertThat(POLICY.calendar().isOpen(d.nextOpening().get().toInstant())).isTrue();
    }
  }

  @Test
  @DisplayName("P14/P25 a previous version's refusal names its self-help link once")
  void p25_refusalNamesTheSelfHelpLinkOnce() {
    Decision es = POLICY.decide(request(VALID, "2025.12", "installation", false, ES), TUESDAY_10);

    assertThat(es.message().split(java.util.regex.Pattern.quote(PRODUCT_HELP), -1)).hasSize(2);
    assertThat(es.message()).doesNotContain("Mientras tanto");
  }

  @Test
  @DisplayName("P12 the closed message says when support opens next, in Spanish and in English")
  void p12_nextOpeningInSpanishAndEnglish() {
    Instant fridayNight = mx("2026-11-27T19:00:00");
    Decision es = POLICY.decide(request(VALID, "2026.3", "installation", false, ES), fridayNight);
    assertThat(es.nextOpening()).contains(mx("2026-11-30T09:00:00").atZone(MX));
    assertThat(es.violations().get(0).message())
        .isEqualTo(
            "En este momento estamos fuera del horario de atención. Con gusto le "
                + "atendemos a partir del lunes 30 de noviembre a las 09:00 (hora de la Ciudad de "
                + "México).");
    assertThat(es.message())
        .isEqualTo(
            es.violations().get(0).message()
                + " Mientras tanto, la ayuda en línea y "
                + "los videos están disponibles las 24 horas en "
                + INSTALL_HELP
                + ".");

    Decision en = POLICY.decide(request(VALID, "2026.3", "installation", false, EN), fridayNight);
    assertThat(en.languageTag()).isEqualTo("en");
    assertThat(en.violations().get(0).message())
        .isEqualTo(
            "We are outside office hours right now. We will be glad to help you from "
                + "Monday 30 November at 09:00 (Mexico City time).");
  }

  @ParameterizedTest(name = "locale {0} → {1}")
  @CsvSource({"es-MX, es-MX", "en, en", "en-GB, en", "es-AR, es-MX", "fr-FR, es-MX", "'', es-MX"})
  @DisplayName("messages: es-MX by default, English for any en locale")
  void localeResolution(String tag, String expected) {
    Locale locale = tag.isEmpty() ? null : Locale.forLanguageTag(tag);
    Decision d = POLICY.decide(request(VALID, "2026.3", "installation", false, locale), TUESDAY_10);
    assertThat(d.languageTag()).isEqualTo(expected);
  }

  @Test
  @DisplayName("P8 an out-of-scope category opened as advisory is allowed and billable")
  void p8_advisoryIsAllowedAndBillable() {
    Decision d = POLICY.decide(request(VALID, "2026.3", "accounting-tax", true, EN), TUESDAY_10);
    assertThat(d.allowed()).isTrue();
    assertThat(d.billable()).isTrue();
    assertThat(d.priority()).isEqualTo(5);
    assertThat(d.message())
        .isEqualTo("All set: you can start the session as advisory, billed by the hour.");
  }

  @Test
  @DisplayName("P8 P1 advisory still needs a valid licence by default")
  void p8_advisoryNeedsValidLicence() {
    Decision d =
        POLICY.decide(request(EXPIRED_PURCHASE, "2026.3", "windows", true, ES), TUESDAY_10);
    assertThat(d.reasons()).containsExactly(RefusalReason.LICENCE_EXPIRED);
    assertThat(d.billable()).isFalse();
    assertThat(d.licenceStatus()).isEqualTo(LicenceStatus.EXPIRED_PURCHASE);
  }

  @Test
  @DisplayName("all failed rules are reported in policy order; the summary leads with the first")
  void reportsEveryViolationInPolicyOrder() {
    Decision d =
        POLICY.decide(
            request(EXPIRED_RENTAL, "2026.1", "training", false, ES), mx("2026-03-14T10:00:00"));
    assertThat(d.violations())
        .extracting(Violation::rule)
        .containsExactly("P2", "P22", "P8", "P12");
    assertThat(d.reasons())
        .containsExactly(
            RefusalReason.LICENCE_EXPIRED,
            RefusalReason.VERSION_OUTDATED,
            RefusalReason.CATEGORY_OUT_OF_SCOPE,
            RefusalReason.OFFICE_CLOSED);
    assertThat(d.message()).startsWith(d.violations().get(0).message());
    assertThat(d.licenceStatus()).isEqualTo(LicenceStatus.EXPIRED_RENTAL);
    assertThat(d.nextOpening()).contains(mx("2026-03-17T09:00:00").atZone(MX));
  }

  @Test
  @DisplayName("P1 an unknown licence is the only reason: no version, category or hours reason")
  void p1_unknownLicenceIsTheOnlyReason() {
    // Saturday, an outdated version and a category out of scope: each would refuse on its own.
    Decision d =
        POLICY.decide(request(null, "2026.1", "training", false, ES), mx("2026-03-14T10:00:00"));
    assertThat(d.reasons()).containsExactly(RefusalReason.LICENCE_UNKNOWN);
    assertThat(d.violations()).extracting(Violation::rule).containsExactly("P1");
    assertThat(d.message()).startsWith("No encontramos su licencia");
    assertThat(d.licenceStatus()).isEqualTo(LicenceStatus.UNKNOWN);
  }

  @Test
  @DisplayName("P1 P22 an unknown licence without a product gets no version reason")
  void p1_unknownLicenceWithoutProductHasNoVersionReason() {
    DecisionRequest r = new DecisionRequest(null, "", "2026.2", null, false, ES);
    assertThat(POLICY.decide(r, TUESDAY_10).reasons())
        .containsExactly(RefusalReason.LICENCE_UNKNOWN);
  }

  @Test
  @DisplayName("P1 registration refuses an unknown licence with the decision, and only that")
  void p1_registrationRefusesOnlyAnUnknownLicence() {
    DecisionRequest unknown = new DecisionRequest(null, "", "2026.2", null, false, ES);
    assertThat(POLICY.registrationRefusal(unknown, TUESDAY_10))
        .get()
        .extracting(Decision::reasons)
        .isEqualTo(List.of(RefusalReason.LICENCE_UNKNOWN));
    // Expired, outdated, on a Saturday: judged when an agent opens the session, not now.
    DecisionRequest known =
        new DecisionRequest(EXPIRED_RENTAL, "contabilidad", "2020.1", null, false, ES);
    assertThat(POLICY.registrationRefusal(known, mx("2026-03-14T10:00:00"))).isEmpty();
  }

  @Test
  @DisplayName("P5 a blank category means the policy's default category")
  void p5_blankCategoryIsDefault() {
    Decision d = POLICY.decide(request(VALID, "2026.3", " ", false, ES), TUESDAY_10);
    assertThat(d.allowed()).isTrue();
    assertThat(d.categoryId()).isEqualTo("system-behaviour");
  }

  @Test
  @DisplayName("P22 an unknown product is refused with the general self-help link")
  void p22_unknownProduct() {
    DecisionRequest r = new DecisionRequest(VALID, "hoja-de-calculo", "1.0", null, false, ES);
    Decision d = POLICY.decide(r, TUESDAY_10);
    assertThat(d.reasons())
        .containsExactly(RefusalReason.LICENCE_PRODUCT_MISMATCH, RefusalReason.VERSION_UNSUPPORTED);
    assertThat(d.violations().get(1).message()).contains("«hoja-de-calculo»", HELP);
  }

  @ParameterizedTest(name = "P12 closing warning at {0}")
  @CsvSource({
    "2026-03-10T17:30:00, 2026-03-10T17:50:00, 2026-03-10T18:00:00",
    "2026-03-10T17:55:00, 2026-03-10T17:55:00, 2026-03-10T18:00:00",
    "2026-03-10T10:00:00, 2026-03-10T13:50:00, 2026-03-10T14:00:00",
  })
  @DisplayName("P12 a running session is not cut: agents are warned before closing")
  void p12_closingWarning(String now, String warnAt, String closesAt) {
    ClosingWarning w = POLICY.closingWarning(mx(now), ES).orElseThrow();
    assertThat(w.warnAt()).isEqualTo(mx(warnAt));
    assertThat(w.closesAt()).isEqualTo(mx(closesAt));
    assertThat(w.message()).contains(closesAt.substring(11, 16)).contains("no se interrumpe");
  }

  @Test
  @DisplayName("P12 no closing warning once the office is closed")
  void p12_noClosingWarningWhenClosed() {
    assertThat(POLICY.closingWarning(mx("2026-03-10T18:30:00"), ES)).isEmpty();
  }

  @Test
  @DisplayName("P9 P14 every decision offers a self-help link")
  void p14_alwaysOffersSelfHelp() {
    for (String category : List.of("installation", "import-request", "nope")) {
      Decision d = POLICY.decide(request(VALID, "2026.3", category, false, ES), TUESDAY_10);
      assertThat(d.selfHelpUrl()).isPresent();
    }
  }
}
