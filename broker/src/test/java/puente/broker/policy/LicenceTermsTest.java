package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static puente.broker.policy.TestTimes.MX;
import static puente.broker.policy.TestTimes.mx;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("P1–P3, P26 licence terms")
class LicenceTermsTest {

  private final LicenceTerms terms = SupportPolicy.defaults().licenceTerms();

  private static LocalDate d(String date) {
    return LocalDate.parse(date);
  }

  @ParameterizedTest(name = "P3 {0} + {1} months: supported before {2}")
  @CsvSource({
    "2025-01-31, 12, 2026-01-31",
    "2025-01-31, 1, 2025-03-01", // no 31 February: supported through 28 February
    "2024-01-31, 1, 2024-03-01", // leap year: through 29 February
    "2025-01-30, 1, 2025-03-01",
    "2025-01-28, 1, 2025-02-28",
    "2024-02-29, 12, 2025-03-01", // no 29 February 2025: supported through 28 February
    "2024-02-29, 48, 2028-02-29",
    "2025-03-15, 12, 2026-03-15",
  })
  @DisplayName("P3 month arithmetic is calendar-correct and never shortens a period")
  void p3_calendarCorrectMonths(LocalDate start, int months, LocalDate until) {
    assertThat(LicenceTerms.endAfterMonths(start, months)).isEqualTo(until);
  }

  @Test
  @DisplayName("P2 a rental is valid up to the last instant before its end date, in Mexico City")
  void p2_rentalEnd() {
    Licence rental =
        Licence.rental("R-1", "Cliente", "contabilidad", d("2025-06-01"), d("2026-06-01"));
    assertThat(terms.standing(rental, mx("2026-05-31T23:59:59.999")))
        .isEqualTo(LicenceStanding.of(LicenceStatus.VALID, d("2025-06-01"), d("2026-06-01")));
    assertThat(terms.standing(rental, mx("2026-06-01T00:00:00")).status())
        .isEqualTo(LicenceStatus.EXPIRED_RENTAL);
    // P1: the date is taken in the policy zone: 03:00 UTC on 1 June is still 31 May in Mexico.
    assertThat(terms.standing(rental, Instant.parse("2026-06-01T03:00:00Z")).status())
        .isEqualTo(LicenceStatus.VALID);
    assertThat(terms.standing(rental, mx("2025-05-31T23:59:59")).status())
        .isEqualTo(LicenceStatus.NOT_YET_VALID);
    assertThat(terms.supportUntil(rental)).isEqualTo(d("2026-06-01"));
  }

  @Test
  @DisplayName("P3 a purchase on 31 January is supported through 30 January of the next year")
  void p3_purchaseOn31January() {
    Licence l = Licence.purchase("C-1", "Cliente", "contabilidad", d("2025-01-31"));
    assertThat(terms.status(l, mx("2026-01-30T23:59:59"), MX)).isEqualTo(LicenceStatus.VALID);
    assertThat(terms.status(l, mx("2026-01-31T00:00:00"), MX))
        .isEqualTo(LicenceStatus.EXPIRED_PURCHASE);
    assertThat(terms.supportUntil(l)).isEqualTo(d("2026-01-31"));
  }

  @Test
  @DisplayName("P3 a purchase on 29 February 2024 is supported through 28 February 2025")
  void p3_purchaseOn29February() {
    Licence l = Licence.purchase("C-2", "Cliente", "contabilidad", d("2024-02-29"));
    assertThat(terms.status(l, mx("2025-02-28T23:59:59"), MX)).isEqualTo(LicenceStatus.VALID);
    assertThat(terms.status(l, mx("2025-03-01T00:00:00"), MX))
        .isEqualTo(LicenceStatus.EXPIRED_PURCHASE);
  }

  @Test
  @DisplayName("P3 P26 an update paid after expiry restores support for 12 months from payment")
  void p3_updatePaidAfterExpiry() {
    Licence l =
        Licence.purchase("C-3", "Cliente", "contabilidad", d("2024-03-10"), d("2025-06-20"));
    LicenceStanding gap = terms.standing(l, mx("2025-04-01T10:00:00"));
    assertThat(gap.status()).isEqualTo(LicenceStatus.EXPIRED_PURCHASE);
    assertThat(gap.supportUntil()).contains(d("2025-03-10"));
    assertThat(gap.lastSupportedDay()).contains(d("2025-03-09"));
    assertThat(terms.standing(l, mx("2025-06-20T00:00:00")))
        .isEqualTo(LicenceStanding.of(LicenceStatus.VALID, d("2025-06-20"), d("2026-06-20")));
    assertThat(terms.status(l, mx("2026-06-20T00:00:00"), MX))
        .isEqualTo(LicenceStatus.EXPIRED_PURCHASE);
    assertThat(terms.periods(l))
        .containsExactly(
            new LicenceTerms.SupportPeriod(d("2024-03-10"), d("2025-03-10")),
            new LicenceTerms.SupportPeriod(d("2025-06-20"), d("2026-06-20")));
  }

  @Test
  @DisplayName("P3 an update paid before expiry adds 12 months to the running period (extend)")
  void p3_updatePaidBeforeExpiryExtends() {
    Licence l =
        Licence.purchase("C-4", "Cliente", "contabilidad", d("2025-01-31"), d("2025-12-15"));
    assertThat(terms.supportUntil(l)).isEqualTo(d("2027-01-31"));
    LicenceTerms literal = new LicenceTerms(MX, 12, 12, LicenceTerms.EarlyUpdate.FROM_PAYMENT);
    assertThat(literal.supportUntil(l)).isEqualTo(d("2026-12-15"));
  }

  @Test
  @DisplayName("P3 early updates are counted from the first day: 29 Feb 2024 + 4 years")
  void p3_extensionsCountFromTheAnchor() {
    Licence l =
        Licence.purchase(
            "C-5",
            "Cliente",
            "contabilidad",
            d("2024-02-29"),
            d("2025-01-10"),
            d("2026-01-10"),
            d("2027-01-10"));
    assertThat(terms.supportUntil(l)).isEqualTo(d("2028-02-29"));
  }

  @Test
  @DisplayName("P26 a lost licence is re-issued only while it is valid")
  void p26_reissueOnlyWhileValid() {
    Licence l = Licence.purchase("C-6", "Cliente", "contabilidad", d("2025-01-31"));
    assertThat(terms.mayReissue(l, mx("2025-12-01T10:00:00"))).isTrue();
    assertThat(terms.mayReissue(l, mx("2026-02-01T10:00:00"))).isFalse();
    assertThat(terms.mayReissue(null, mx("2025-12-01T10:00:00"))).isFalse();
  }

  @Test
  @DisplayName("P1 an unknown key has status UNKNOWN and no dates")
  void p1_unknownLicence() {
    assertThat(terms.standing(null, mx("2025-12-01T10:00:00"))).isEqualTo(LicenceStanding.UNKNOWN);
    assertThat(LicenceStanding.UNKNOWN.supportUntil()).isEqualTo(Optional.empty());
  }

  @Test
  @DisplayName("P2 P3 licences reject impossible dates")
  void licenceValidation() {
    assertThatThrownBy(() -> Licence.rental("R", "c", "p", d("2025-01-01"), d("2025-01-01")))
        .hasMessageContaining("endsOn");
    assertThatThrownBy(
            () ->
                new Licence(
                    "R", "c", "p", LicenceMode.PURCHASE, d("2025-01-01"), d("2026-01-01"), null))
        .hasMessageContaining("PURCHASE");
  }
}
