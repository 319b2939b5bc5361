package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import puente.v1.MachineIdentity;
import puente.v1.RegisterRequest;

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
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  BrokerFixture fixture;
  long ticketId;

  @BeforeEach
  void start() throws Exception {
    fixture = BrokerFixture.start(clock);
    fixture.addAgent("ana", "Ana López", Role.AGENT);
    ticketId =
        Long.parseLong(
            fixture
                .helper()
                .register(
                    RegisterRequest.newBuilder()
                        .setLicenceKey(BrokerFixture.LICENCE)
                        .setProduct("contabilidad")
                        .setInstalledVersion("2026.2")
                        .setMachine(
                            MachineIdentity.newBuilder().setMachineId("m-1").setHostname("PC-1"))
                        .build())
                .getTicketId());
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  /** Signs in at the clock's instant and reads the ticket page. */
  String ticketPage() throws Exception {
    String base = "http://127.0.0.1:" + fixture.broker().httpPort();
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/login")).build(),
            HttpResponse.BodyHandlers.ofString());
    String pre = cookie(form, "puente_console_pre");
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> signedIn =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("Cookie", "puente_console_pre=" + pre)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "csrf="
                            + csrf.group(1)
                            + "&username=ana&password="
                            + BrokerFixture.PASSWORD.replace(' ', '+')))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(303);
    return http.send(
            HttpRequest.newBuilder(URI.create(base + "/console/tickets/" + ticketId))
                .header("Cookie", "puente_console=" + cookie(signedIn, "puente_console"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  static String cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(name.length() + 1).split(";", 2)[0])
        .findFirst()
        .orElseThrow();
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
