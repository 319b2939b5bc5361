package puente.broker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static puente.broker.policy.TestTimes.mx;

import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("P12 rest days: Ley Federal del Trabajo art. 74")
class RestDaysTest {

  private final BusinessCalendar calendar = SupportPolicy.defaults().calendar();
  private final RestDays restDays = calendar.restDays();

  @ParameterizedTest(name = "P12 {0} ({1}) is a rest day: office closed at 10:00 and 16:00")
  @CsvSource({
    "2026-01-01, Año Nuevo",
    "2026-02-02, first Monday of February",
    "2026-03-16, third Monday of March",
    "2026-05-01, Día del Trabajo",
    "2026-09-16, Independencia",
    "2026-11-16, third Monday of November",
    "2026-12-25, Navidad",
    "2030-10-01, Transmisión del Poder Ejecutivo Federal (every six years from 2024)",
    "2024-10-01, Transmisión del Poder Ejecutivo Federal 2024",
  })
  @DisplayName("P12 each statutory rest day closes the office")
  void p12_restDayClosesOffice(LocalDate date, String why) {
    assertThat(restDays.isRestDay(date)).as(why).isTrue();
    assertThat(calendar.isOpen(mx(date + "T10:00:00"))).isFalse();
    assertThat(calendar.isOpen(mx(date + "T16:00:00"))).isFalse();
  }

  @ParameterizedTest(name = "P12 {0} is a working day")
  @CsvSource({"2026-10-01", "2029-10-01", "2026-02-09", "2026-03-09", "2026-11-23", "2026-12-24"})
  @DisplayName("P12 ordinary weekdays, including 1 October outside the six-year cycle, are open")
  void p12_ordinaryDaysAreOpen(LocalDate date) {
    assertThat(restDays.isRestDay(date)).isFalse();
    assertThat(calendar.isOpen(mx(date + "T10:00:00"))).isTrue();
  }

  @Test
  @DisplayName("P12 the 2026 rest days are exactly the seven of art. 74")
  void p12_restDaysOf2026() {
    assertThat(restDays.restDaysIn(2026))
        .containsExactly(
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2026, 2, 2),
            LocalDate.of(2026, 3, 16),
            LocalDate.of(2026, 5, 1),
            LocalDate.of(2026, 9, 16),
            LocalDate.of(2026, 11, 16),
            LocalDate.of(2026, 12, 25));
    assertThat(restDays.restDaysIn(2030)).hasSize(8).contains(LocalDate.of(2030, 10, 1));
  }

  @Test
  @DisplayName("P12 the policy file adds and removes rest days")
  void p12_extraAndRemovedDates() {
    SupportPolicy p =
        SupportPolicy.parse(
            """
            holidays:
              rules:
                - {name: "Navidad", month: 12, day: 25}
                - {name: "Último lunes de mayo", month: 5, weekday: monday, nth: -1}
              extra: [2026-12-24]
              removed: [2026-12-25]
            """);
    RestDays r = p.calendar().restDays();
    assertThat(r.restDaysIn(2026))
        .containsExactly(LocalDate.of(2026, 5, 25), LocalDate.of(2026, 12, 24));
    assertThat(p.calendar().isOpen(mx("2026-12-25T10:00:00"))).isTrue();
    assertThat(p.calendar().isOpen(mx("2026-12-24T10:00:00"))).isFalse();
  }
}
