package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketCommand;

/**
 * The ticket page's clocks under a pinned clock: an import request's P16 due time shows on time,
 * then near due, then overdue, each highlighted; a wait on the customer shows its P19 end.
 */
class ConsoleClocksTest {
  /** A clock the test sets; the broker reads every instant from it. */
  static final class SetClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>();

    SetClock(Instant start) {
      now.set(start);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("zone: " + zone + " (expected: UTC)");
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  final SetClock clock = new SetClock(SessionFlowTest.OFFICE_OPEN.instant());
  BrokerFixture fixture;
  long ticketId;

  @BeforeEach
  void start() throws Exception {
    fixture = BrokerFixture.start(clock);
    fixture.addAgent("ana", "Ana López", Role.AGENT);
    ticketId = fixture.ticketFor("m-1", "PC-1");
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  /** Signs in at the clock's instant and reads the ticket page. */
  String ticketPage() throws Exception {
    return ConsoleClient.signedIn(fixture, "ana").get("/console/tickets/" + ticketId).body();
  }

  static String clock(String page, String id) {
    Matcher m =
        Pattern.compile("id=\"" + id + "\" class=\"clock ([a-z-]+)\">([^<]*)").matcher(page);
    assertThat(m.find()).as(id).isTrue();
    return m.group(1) + ": " + m.group(2).strip();
  }

  @Test
  void anImportRequestsDueTimeIsOnTimeThenNearDueThenOverdue() throws Exception {
    // The case's category as the agent's session would have set it (P16 applies to imports).
    fixture
        .broker()
        .database()
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE tickets SET category = 'import-request', priority = 1 WHERE id = ?",
                    ticketId));
    Ticket complete =
        fixture
            .broker()
            .desk()
            .apply(ticketId, new TicketCommand.InformationComplete("catálogo recibido"), "ana");
    Instant due = complete.dueAt();
    assertThat(due).isNotNull();

    assertThat(clock(ticketPage(), "clock-due")).startsWith("ok: vence").contains("a tiempo");
    clock.now.set(due.minus(Duration.ofMinutes(30)));
    assertThat(clock(ticketPage(), "clock-due"))
        .startsWith("near-due: vence")
        .contains("por vencer");
    clock.now.set(due.plus(Duration.ofMinutes(1)));
    assertThat(clock(ticketPage(), "clock-due")).startsWith("overdue: vence").contains("vencido");
  }

  @Test
  void aWaitOnTheCustomerShowsWhenItRunsOutAndTheAttempts() throws Exception {
    fixture
        .broker()
        .desk()
        .apply(ticketId, new TicketCommand.WaitOnCustomer("falta el RFC"), "ana");
    String page = ticketPage();
    assertThat(clock(page, "clock-silence")).startsWith("pending: vence").contains("0 de 2");
    assertThat(clock(page, "clock-ack")).startsWith("ok: enviado");
    assertThat(page).contains("en espera del cliente");
  }
}
