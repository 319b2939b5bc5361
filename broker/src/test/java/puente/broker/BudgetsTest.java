package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.config.BrokerConfig;
import puente.broker.config.Budgets;
import puente.broker.config.ConfigLoader;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.client.RefusalStatus;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.HelperServiceGrpc;
import puente.v1.LoginRequest;
import puente.v1.MachineIdentity;
import puente.v1.OpenSessionRequest;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;

/**
 * The broker's budgets at their shipped values, on real sockets and manual time: registrations per
 * source address and per licence, wrong code guesses per live code, failed logins per user and
 * address. Other loopback addresses (127.0.0.2, …) stand for other offices.
 */
class BudgetsTest {
  static final BrokerConfig DEFAULTS = new ConfigLoader(Path.of("unused")).load(null, List.of());
  static final Budgets SHIPPED = DEFAULTS.budgets();

  final ManualTime time = new ManualTime(SessionFlowTest.OFFICE_OPEN.instant());
  final SessionFlowTest flow = new SessionFlowTest();
  BrokerFixture fixture;

  @BeforeEach
  void start() throws Exception {
    // After the fixture's roomy budgets: the shipped ones again.
    flow.start(
        time,
        "budgets.registrationsPerAddress.burst=" + SHIPPED.registrationsPerAddress().burst(),
        "budgets.registrationsPerAddress.perMinute="
            + SHIPPED.registrationsPerAddress().perMinute(),
        "budgets.registrationsPerLicence.burst=" + SHIPPED.registrationsPerLicence().burst(),
        "budgets.registrationsPerLicence.perMinute="
            + SHIPPED.registrationsPerLicence().perMinute(),
        "budgets.codeGuesses=" + SHIPPED.codeGuesses(),
        "budgets.loginFailuresPerUser=" + SHIPPED.loginFailuresPerUser());
    fixture = flow.fixture;
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void aFloodOfRegistrationsFromOneAddressGetsItsBudgetAndTheRestAreRefusedWithoutATicket()
      throws Exception {
    int burst = SHIPPED.registrationsPerAddress().burst();
    long waitMillis = (long) (60_000 / SHIPPED.registrationsPerAddress().perMinute());
    var office = HelperServiceGrpc.newBlockingStub(fixture.channelFrom("127.0.0.2"));

    List<Throwable> refused = new ArrayList<>();
    int accepted = 0;
    for (int i = 0; i < 50; i++) {
      try {
        office.register(registration(BrokerFixture.LICENCE, "m-" + i));
        accepted++;
      } catch (StatusRuntimeException e) {
        refused.add(e);
      }
    }

    assertThat(accepted).isEqualTo(burst);
    assertThat(refused).hasSize(50 - burst);
    for (Throwable failure : refused) {
      assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      Refusal refusal = RefusalStatus.fromThrowable(failure).orElseThrow();
      assertThat(refusal.getReason()).isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
      assertThat(refusal.getRetryAfterMillis()).isEqualTo(waitMillis);
      assertThat(refusal.getMessage())
          .contains("Intente de nuevo en " + waitMillis / 1000 + " segundos");
    }
    assertThat(fixture.ticketCount()).isEqualTo(burst);
    assertThat(fixture.broker().sessions().live()).hasSize(burst);
    assertThat(metrics())
        .contains(
            "puente_sessions_refused_total{reason=\"TOO_MANY_ATTEMPTS\"} " + (50 - burst) + ".0");

    // Another office is not held to this one's budget.
    HelperServiceGrpc.newBlockingStub(fixture.channelFrom("127.0.0.3"))
        .register(registration(BrokerFixture.LICENCE, "other-office"));

    // After the wait the refusal named, exactly one more.
    time.advance(Duration.ofMillis(waitMillis));
    office.register(registration(BrokerFixture.LICENCE, "m-later"));
    assertThat(reasonOf(() -> office.register(registration(BrokerFixture.LICENCE, "m-again"))))
        .isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(fixture.ticketCount()).isEqualTo(burst + 2);
  }

  @Test
  void oneLicenceGetsItsBudgetFromEveryAddressTogether() {
    int burst = SHIPPED.registrationsPerLicence().burst();
    List<RefusalReason> answers = new ArrayList<>();
    for (int i = 0; i < burst + 5; i++) {
      var site = HelperServiceGrpc.newBlockingStub(fixture.channelFrom("127.0.1." + (i + 1)));
      RegisterRequest request = registration(BrokerFixture.LICENCE, "m-" + i);
      answers.add(reasonOf(() -> site.register(request)));
    }

    assertThat(answers.subList(0, burst)).containsOnlyNulls();
    assertThat(answers.subList(burst, burst + 5)).containsOnly(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(fixture.ticketCount()).isEqualTo(burst);
  }

  @Test
  void unknownLicencesOpenNoTicketAndTheirFloodIsRefusedAfterAFew() throws Exception {
    var stranger = HelperServiceGrpc.newBlockingStub(fixture.channelFrom("127.0.0.4"));
    List<RefusalReason> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String key = "LIC-X" + i;
      answers.add(reasonOf(() -> stranger.register(registration(key, "m-1"))));
    }

    long unknown = answers.stream().filter(r -> r == RefusalReason.LICENCE_UNKNOWN).count();
    assertThat(unknown).isBetween(1L, (long) SHIPPED.registrationsPerAddress().burst());
    assertThat(answers)
        .containsOnly(RefusalReason.LICENCE_UNKNOWN, RefusalReason.TOO_MANY_ATTEMPTS)
        .startsWith(RefusalReason.LICENCE_UNKNOWN);
    assertThat(fixture.ticketCount()).isZero();
    assertThat(fixture.broker().sessions().live()).isEmpty();
    assertThat(metrics())
        .contains("puente_sessions_refused_total{reason=\"LICENCE_UNKNOWN\"} " + unknown + ".0");
  }

  @Test
  void aLiveCodeDiesAfterItsBudgetOfWrongGuessesFromManyAccountsAndAddressesAndItsHelperIsTold()
      throws Exception {
    int budget = SHIPPED.codeGuesses();
    assertThat(budget).isBetween(2, 12);
    List<AgentServiceGrpc.AgentServiceBlockingStub> guessers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String user = "guesser" + i;
      fixture.addAgent(user, "Guesser " + i, Role.AGENT);
      String token = fixture.login(user);
      // Three guesses each at most: no account or address reaches its own throttle.
      for (int guess = 0; guess < 3; guess++) {
        guessers.add(
            AgentServiceGrpc.newBlockingStub(fixture.channelFrom("127.0.2." + (i + 1)))
                .withCallCredentials(BrokerFixture.bearer(token)));
      }
    }
    SessionFlowTest.ConnectedHelper early = flow.connectHelper();
    List<String> live = new ArrayList<>(List.of(digits(early.registered().getCode())));

    guess(guessers.subList(0, budget / 2), live);
    SessionFlowTest.ConnectedHelper late =
        flow.connectHelper(registration(BrokerFixture.LICENCE, "m-late"));
    live.add(digits(late.registered().getCode()));
    guess(guessers.subList(budget / 2, budget - 1), live);
    assertThat(fixture.broker().sessions().live()).hasSize(2);
    guess(guessers.subList(budget - 1, budget), live);

    // The code that saw the whole budget is dead, and its helper is told in the customer's words.
    HelperEvent ended = early.events().next(HelperEvent::hasEnded);
    assertThat(ended.getEnded().getReason()).isEqualTo(EndReason.CODE_EXPIRED);
    assertThat(ended.getEnded().getRefusal().getReason())
        .isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(ended.getEnded().getMessage()).contains("dejó de valer").contains("obtener otro");
    assertThat(
            fixture.broker().tickets().timeline(Long.parseLong(early.registered().getTicketId())))
        .filteredOn(entry -> entry.kind() == EventKind.SESSION_ENDED)
        .extracting(TimelineEntry::detail)
        .singleElement()
        .asString()
        .startsWith("CODE_EXPIRED TOO_MANY_ATTEMPTS");
    assertThat(reasonOf(() -> flow.open(early.registered().getCode()).join()))
        .isEqualTo(RefusalReason.CODE_INVALID);
    assertThat(metrics()).contains("puente_codes_guessed_out_total 1.0");

    // The code issued halfway has seen only part of the budget and still opens.
    var opening = flow.open(late.registered().getCode());
    flow.answer(late, true);
    assertThat(opening.get(10, java.util.concurrent.TimeUnit.SECONDS).getSessionId()).isNotBlank();
  }

  @Test
  void wrongPasswordsFromOneAddressNeverLockTheUserOutOfAnotherAddress() {
    // Ana is added by the flow; four wrong passwords from one address make that address wait.
    for (int i = 0; i < 4; i++) {
      String password = "adivina-" + i;
      assertThat(reasonOf(() -> login("127.0.3.1", password)))
          .isEqualTo(RefusalReason.UNAUTHENTICATED);
    }
    assertThat(reasonOf(() -> login("127.0.3.1", BrokerFixture.PASSWORD)))
        .isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(login("127.0.3.2", BrokerFixture.PASSWORD)).isNotBlank();
  }

  @Test
  void pastTheUsersBudgetEachGuessingAddressWaitsTheLongestWaitButACleanAddressStillLogsIn() {
    int budget = SHIPPED.loginFailuresPerUser();
    for (int failure = 0; failure < budget; failure++) {
      // Three from each address: no address reaches its own throttle.
      String address = "127.0.4." + (failure / 3 + 1);
      assertThat(reasonOf(() -> login(address, "adivina")))
          .isEqualTo(RefusalReason.UNAUTHENTICATED);
    }

    // One more failure from a fresh address, and that address waits the longest wait at once.
    assertThat(reasonOf(() -> login("127.0.5.1", "adivina")))
        .isEqualTo(RefusalReason.UNAUTHENTICATED);
    Throwable waiting = catchThrowable(() -> login("127.0.5.1", BrokerFixture.PASSWORD));
    assertThat(RefusalStatus.fromThrowable(waiting).orElseThrow().getReason())
        .isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(RefusalStatus.fromThrowable(waiting).orElseThrow().getRetryAfterMillis())
        .isEqualTo(DEFAULTS.throttle().maxDelay().toMillis());

    // The real user, from an address that never failed, gets in.
    assertThat(login("127.0.5.2", BrokerFixture.PASSWORD)).isNotBlank();
    time.advance(DEFAULTS.throttle().maxDelay());
    assertThat(login("127.0.5.1", BrokerFixture.PASSWORD)).isNotBlank();
  }

  private void guess(
      List<AgentServiceGrpc.AgentServiceBlockingStub> guessers, List<String> liveCodes) {
    for (AgentServiceGrpc.AgentServiceBlockingStub guesser : guessers) {
      String wrong = wrongCode(liveCodes);
      assertThat(
              reasonOf(
                  () ->
                      guesser.openSession(OpenSessionRequest.newBuilder().setCode(wrong).build())))
          .isEqualTo(RefusalReason.CODE_INVALID);
    }
  }

  private static int next = 100;

  /** Nine digits that are none of the live codes. */
  private static String wrongCode(List<String> liveCodes) {
    String code;
    do {
      code = String.format("%09d", 123_000_000 + next++);
    } while (liveCodes.contains(code));
    return code;
  }

  private static String digits(String code) {
    return code.replace(" ", "");
  }

  private String login(String address, String password) {
    return AgentServiceGrpc.newBlockingStub(fixture.channelFrom(address))
        .login(LoginRequest.newBuilder().setUsername("ana").setPassword(password).build())
        .getToken();
  }

  static RegisterRequest registration(String licence, String machineId) {
    return SessionFlowTest.registration(licence).toBuilder()
        .setMachine(MachineIdentity.newBuilder().setMachineId(machineId).setHostname("CAJA-01"))
        .build();
  }

  /** The refusal reason a call ended with, or null if it succeeded. */
  static RefusalReason reasonOf(Runnable call) {
    Throwable failure = catchThrowable(call::run);
    if (failure instanceof java.util.concurrent.CompletionException) {
      failure = failure.getCause();
    }
    return failure == null ? null : RefusalStatus.fromThrowable(failure).orElseThrow().getReason();
  }

  private String metrics() throws Exception {
    return new String(
        URI.create("http://127.0.0.1:" + fixture.broker().httpPort() + "/metrics")
            .toURL()
            .openStream()
            .readAllBytes(),
        StandardCharsets.UTF_8);
  }
}
