package puente.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import puente.broker.refusal.RefusalLog;
import puente.v1.RefusalReason;

/** The refusal log on H2 and PostgreSQL: counts by reason, grouping, folding and deletion. */
class RefusalStoreTest {
  static final ZoneId MEXICO_CITY = ZoneId.of("America/Mexico_City");

  /** Tuesday 24 November 2026, 10:00 in Mexico City. */
  static final Instant TUESDAY = Instant.parse("2026-11-24T16:00:00Z");

  static java.util.stream.Stream<org.junit.jupiter.api.Named<TestDatabases.Kind>> kinds() {
    return TestDatabases.kinds();
  }

  static RefusalLog.Entry unknown(String at, String licence) {
    return new RefusalLog.Entry(
        Instant.parse(at),
        RefusalReason.LICENCE_UNKNOWN,
        RefusalLog.Stage.REGISTRATION,
        null,
        licence,
        null,
        "contabilidad",
        "2026.2",
        "customer",
        "No encontramos la clave de licencia " + licence + ".",
        1);
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void countsByReasonGroupAlikeRefusalsByOfficeDayAndFoldAFlood(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      RefusalStore store =
          new RefusalStore(db, Clock.fixed(TUESDAY, ZoneOffset.UTC), () -> MEXICO_CITY, 7, 2);
      // Monday 23:59 and Tuesday 00:00 in Mexico City: the same key on two office days.
      store.record(unknown("2026-11-24T05:59:00Z", "LIC-A"));
      store.record(unknown("2026-11-24T06:00:00Z", "LIC-A"));
      store.record(unknown("2026-11-24T07:00:00Z", "LIC-A"));
      store.record(unknown("2026-11-24T08:00:00Z", "LIC-B"));
      store.record(unknown("2026-11-24T09:00:00Z", "LIC-C"));
      store.record(unknown("2026-11-24T09:30:00Z", "LIC-D"));
      store.record(
          new RefusalLog.Entry(
              TUESDAY,
              RefusalReason.NOT_GRANTED,
              RefusalLog.Stage.SESSION,
              null,
              "LIC-A",
              "Contadores Rivera SC",
              "contabilidad",
              "2026.2",
              "ana",
              null,
              14));

      Instant tuesday = Instant.parse("2026-11-24T06:00:00Z");
      Instant wednesday = Instant.parse("2026-11-25T06:00:00Z");
      assertThat(store.counts(tuesday, wednesday))
          .containsExactly(
              new RefusalLog.Count(RefusalReason.NOT_GRANTED, 14),
              new RefusalLog.Count(RefusalReason.LICENCE_UNKNOWN, 5));
      List<RefusalLog.Entry> today =
          store.entries(RefusalReason.LICENCE_UNKNOWN, tuesday, wednesday, 10);
      // LIC-A twice today in one row, LIC-B, then the flood past two rows folds into one.
      assertThat(today)
          .extracting(e -> e.licenceKey() + "x" + e.repeats())
          .containsExactly("nullx2", "LIC-Bx1", "LIC-Ax2");
      assertThat(
              store.entries(RefusalReason.LICENCE_UNKNOWN, tuesday.minusSeconds(3600), tuesday, 10))
          .singleElement()
          .satisfies(
              e -> assertThat(e.shown()).isEqualTo("No encontramos la clave de licencia LIC-A."));
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void deletesRowsOlderThanTheDaysItKeeps(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      new RefusalStore(db, Clock.fixed(TUESDAY, ZoneOffset.UTC), () -> MEXICO_CITY, 7, 100)
          .record(unknown("2026-11-17T06:00:00Z", "LIC-A"));
      RefusalStore later =
          new RefusalStore(db, Clock.fixed(TUESDAY, ZoneOffset.UTC), () -> MEXICO_CITY, 7, 100);
      later.record(unknown("2026-11-16T18:00:00Z", "LIC-OLD"));
      assertThat(later.purge()).isEqualTo(1);
      assertThat(later.counts(Instant.EPOCH, TUESDAY.plusSeconds(1)))
          .containsExactly(new RefusalLog.Count(RefusalReason.LICENCE_UNKNOWN, 1));
    }
  }
}
