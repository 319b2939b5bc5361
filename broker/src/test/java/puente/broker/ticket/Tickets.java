package puente.broker.ticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Test values: Mexico City times, fresh tickets, and a clock tests move by hand. */
final class Tickets {
  static final ZoneId MX = ZoneId.of("America/Mexico_City");

  private Tickets() {}

  /** {@code mx("2026-11-26T13:30")}: that local time in Mexico City. */
  static Instant mx(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(MX).toInstant();
  }

  static NewTicket origin(String machine) {
    return new NewTicket(
        "LIC-1", "Contadores Rivera SC", "contabilidad", "2026.2", machine, "CAJA-01");
  }

  /** A ticket just received, in state NEW, acknowledged, in the given category. */
  static Ticket fresh(long id, String category, Instant openedAt) {
    return new Ticket(
        id,
        origin("m-" + id),
        category,
        category == null ? null : 3,
        TicketState.NEW,
        null,
        null,
        openedAt,
        openedAt,
        true,
        openedAt,
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        null,
        null,
        0);
  }

  /** A clock that stands still until a test moves it. */
  static final class HandClock extends Clock {
    private volatile Instant now;

    HandClock(Instant now) {
      this.now = now;
    }

    void set(Instant at) {
      now = at;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a hand clock stays in UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
