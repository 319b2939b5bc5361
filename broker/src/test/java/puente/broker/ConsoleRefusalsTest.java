package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.ticket.TicketCommand;
import puente.v1.AgentServiceGrpc;
import puente.v1.MachineIdentity;
import puente.v1.OpenSessionRequest;
import puente.v1.RegisterRequest;

/**
 * The console's "Rechazos" over real HTTP with a pinned clock: refusals counted by reason today and
 * this week on Mexico City's calendar (a UTC date is not the office's), the list behind a reason,
 * refusals that opened no ticket, and the bounds on what is kept.
 */
class ConsoleRefusalsTest {
  /** Tuesday 24 November 2026, 10:00 in Mexico City (UTC-6): its week began Monday the 23rd. */
  static final Instant TUESDAY_10AM = Instant.parse("2026-11-24T16:00:00Z");

  final ConsoleClocksTest.SetClock clock = new ConsoleClocksTest.SetClock(TUESDAY_10AM);
  BrokerFixture fixture;

  void start(String... overrides) throws Exception {
    List<String> all = new ArrayList<>(List.of("throttle.freeFailures=1000"));
    all.addAll(List.of(overrides));
    fixture = BrokerFixture.start(clock, all.toArray(String[]::new));
    fixture.addAgent("sofia", "Sofía Méndez", Role.SUPERVISOR);
    fixture.addAgent("ana", "Ana López", Role.AGENT);
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  static RegisterRequest registration(String licence, String version) {
    return RegisterRequest.newBuilder()
        .setLicenceKey(licence)
        .setProduct("contabilidad")
        .setInstalledVersion(version)
        .setMachine(MachineIdentity.newBuilder().setMachineId("m-1").setHostname("PC-CAJA"))
        .build();
  }

  /** A helper registers with a licence the broker does not know, at {@code at}. */
  void unknownLicenceAt(String at, String licence) {
    clock.now.set(Instant.parse(at));
    assertThatThrownBy(() -> fixture.helper().register(registration(licence, "2026.2")))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("FAILED_PRECONDITION");
  }

  /** Ana opens a known licence's code at {@code at}; the policy refuses it. */
  long refusedOpeningAt(String at) {
    clock.now.set(Instant.parse(at));
    var registered = fixture.helper().register(registration(BrokerFixture.LICENCE, "2026.2"));
    var agent =
        AgentServiceGrpc.newBlockingStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(fixture.login("ana")));
    assertThatThrownBy(
            () ->
                agent.openSession(
                    OpenSessionRequest.newBuilder().setCode(registered.getCode()).build()))
        .isInstanceOf(StatusRuntimeException.class);
    return Long.parseLong(registered.getTicketId());
  }

  /** Signs in as {@code user} at the clock's instant and reads a console page. */
  HttpResponse<String> page(String user, String path) throws Exception {
    return ConsoleClient.signedIn(fixture, user).get(path);
  }

  /** The "today / this week" counts of one reason's row in the table, e.g. {@code 1/3}. */
  static String counts(String page, String reason) {
    Matcher m =
        Pattern.compile(
                "data-reason=\""
                    + reason
                    + "\" data-label=\"[^\"]*\" data-today=\"(\\d+)\""
                    + " data-week=\"(\\d+)\"")
            .matcher(page);
    return m.find() ? m.group(1) + "/" + m.group(2) : "absent";
  }

  static List<String> rows(String page) {
    List<String> rows = new ArrayList<>();
    Matcher m =
        Pattern.compile("<tr class=\"refused\"[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(page);
    while (m.find()) {
      rows.add(m.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip());
    }
    return rows;
  }

  @Test
  void countsByReasonTodayAndThisWeekOnMexicoCitysCalendar() throws Exception {
    start();
    // Sunday 22 Nov, 23:30 in Mexico City: last week, though it is Monday in UTC.
    unknownLicenceAt("2026-11-23T05:30:00Z", "LIC-NADA");
    // Monday 23 Nov, 00:10 and 23:59:59 in Mexico City: this week, not today (the second is
    // already Tuesday in UTC).
    unknownLicenceAt("2026-11-23T06:10:00Z", "LIC-NADA");
    unknownLicenceAt("2026-11-24T05:59:59Z", "LIC-NADA");
    // Tuesday 24 Nov, 00:00 in Mexico City: today.
    unknownLicenceAt("2026-11-24T06:00:00Z", "LIC-OTRA");
    // Tuesday 14:30, the lunch gap (P12): the opening is refused, and it has a ticket.
    refusedOpeningAt("2026-11-24T20:30:00Z");

    clock.now.set(Instant.parse("2026-11-24T21:00:00Z"));
    HttpResponse<String> summary = page("sofia", "/console/refusals");

    assertThat(summary.statusCode()).isEqualTo(200);
    String body = summary.body();
    assertThat(counts(body, "LICENCE_UNKNOWN")).isEqualTo("1/3");
    assertThat(counts(body, "OFFICE_CLOSED")).isEqualTo("1/1");
    assertThat(body)
        .contains("Licencia desconocida")
        .contains("Fuera del horario de atención")
        .contains("id=\"total-today\">2<")
        .contains("id=\"total-week\">4<")
        .contains("martes, 24 de noviembre de 2026")
        .contains("lunes, 23 de noviembre de 2026")
        .contains("hora de la Ciudad de México")
        .contains("/console/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
        .contains("href=\"/console/refusals/LICENCE_UNKNOWN?span=week\"");

    // Monday 30 Nov, 00:00 in Mexico City: a new week, and last week's no longer count.
    clock.now.set(Instant.parse("2026-11-30T06:00:00Z"));
    assertThat(page("sofia", "/console/refusals").body())
        .contains("id=\"refusals-empty\"")
        .doesNotContain("data-reason=");
  }

  @Test
  void theListBehindAReasonShowsWhoWhatAndWhatTheyWereTold() throws Exception {
    start();
    unknownLicenceAt("2026-11-24T15:00:00Z", "LIC-NADA");
    unknownLicenceAt("2026-11-24T15:05:00Z", "LIC-NADA");
    long ticket = refusedOpeningAt("2026-11-24T20:30:00Z");
    clock.now.set(Instant.parse("2026-11-24T21:00:00Z"));

    String unknown = page("sofia", "/console/refusals/LICENCE_UNKNOWN?span=today").body();
    assertThat(rows(unknown))
        .singleElement()
        .asString()
        // 09:00 in Mexico City; two alike on one day are one row counted twice.
        .startsWith("24/11/2026 09:00 al pedir un código el cliente desconocido LIC-NADA")
        .contains("contabilidad 2026.2")
        .contains("sin caso")
        .contains("LIC-NADA")
        .endsWith(" 2");
    assertThat(unknown).contains("Cuándo (hora de la Ciudad de México)");

    String closed = page("sofia", "/console/refusals/OFFICE_CLOSED").body();
    assertThat(rows(closed))
        .singleElement()
        .asString()
        .startsWith("24/11/2026 14:30 al abrir la sesión ana")
        .contains("#" + ticket)
        .contains("contabilidad 2026.2")
        .endsWith(" 1");
    assertThat(closed).contains("href=\"/console/tickets/" + ticket + "\"");

    assertThat(page("sofia", "/console/refusals/OFFICE_CLOSED?lang=en").body())
        .contains("Outside office hours")
        .contains("When (Mexico City time)")
        .contains("opening the session");
  }

  @Test
  void onlySupervisorsSeeRefusalsAndBadAddressesGetAClearAnswer() throws Exception {
    start();
    clock.now.set(TUESDAY_10AM);
    HttpResponse<String> agent = page("ana", "/console/refusals");
    assertThat(agent.statusCode()).isEqualTo(403);
    assertThat(agent.body()).contains("solo para supervisores");
    assertThat(page("ana", "/console/refusals/LICENCE_UNKNOWN").statusCode()).isEqualTo(403);

    HttpResponse<String> noReason = page("sofia", "/console/refusals/NO_SUCH_REASON");
    assertThat(noReason.statusCode()).isEqualTo(404);
    assertThat(noReason.body()).contains("No existe el motivo de rechazo «NO_SUCH_REASON»");
    HttpResponse<String> badSpan = page("sofia", "/console/refusals/OFFICE_CLOSED?span=year");
    assertThat(badSpan.statusCode()).isEqualTo(400);
    assertThat(badSpan.body()).contains("El periodo «year» no existe");
  }

  @Test
  void aFloodOfMadeUpKeysFoldsIntoOneRowAndOldRowsAreDeleted() throws Exception {
    start("refusals.distinctPerDay=2", "refusals.keepDays=7");
    for (int i = 0; i < 5; i++) {
      unknownLicenceAt("2026-11-24T15:0" + i + ":00Z", "LIC-FALSA-" + i);
    }
    clock.now.set(Instant.parse("2026-11-24T16:00:00Z"));
    String list = page("sofia", "/console/refusals/LICENCE_UNKNOWN?span=today").body();
    assertThat(rows(list)).hasSize(3);
    assertThat(rows(list).get(0)).contains("varias (se agruparon)").endsWith(" 3");
    assertThat(counts(page("sofia", "/console/refusals").body(), "LICENCE_UNKNOWN"))
        .isEqualTo("5/5");
    assertThat(rowCount()).isEqualTo(3);

    // Eight days later the next refusal clears what is older than seven days.
    unknownLicenceAt("2026-12-02T16:00:00Z", "LIC-NUEVA");
    assertThat(rowCount()).isEqualTo(1);
  }

  @Test
  void theRefusedTicketsTimelineReadsInWordsWithItsZone() throws Exception {
    start();
    long ticket = refusedOpeningAt("2026-11-24T20:30:00Z");
    fixture.broker().desk().apply(ticket, new TicketCommand.WaitOnCustomer("falta el RFC"), "ana");
    clock.now.set(Instant.parse("2026-11-24T21:00:00Z"));

    String page = page("ana", "/console/tickets/" + ticket).body();
    Matcher cells = Pattern.compile("<td class=\"said\">([^<]*)</td>").matcher(page);
    List<String> said = new ArrayList<>();
    while (cells.find()) {
      said.add(cells.group(1));
    }
    assertThat(said)
        .containsExactly(
            "Se abrió el caso desde contabilidad 2026.2 en el equipo PC-CAJA.",
            "No se abrió la sesión: fuera del horario de atención (P12).",
            "Terminó la sesión: la política de soporte no permitió abrirla (fuera del horario de"
                + " atención). Se enviaron 0 B al agente y 0 B al cliente.",
            "El caso queda en espera del cliente; antes estaba «nuevo» (P19). Nota: falta el RFC");
    assertThat(page)
        .contains("Cuándo (hora de la Ciudad de México)")
        .contains("(hora de la Ciudad de México)</dd>");
  }

  long rowCount() {
    return fixture
        .broker()
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM refusal_log").mapTo(Long.class).one());
  }
}
