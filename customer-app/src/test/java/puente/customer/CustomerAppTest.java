package puente.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.client.Endpoint;
import puente.client.LocalForward;
import puente.client.RefusalStatus;
import puente.client.testing.EchoService;
import puente.client.testing.RunningApp;
import puente.client.testing.SessionCast;
import puente.v1.AccessKind;
import puente.v1.ConsentPrompt;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.Notice;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.SessionEnded;
import puente.v1.SessionStarted;

class CustomerAppTest {
  private static final Pattern CODE = Pattern.compile("(\\d{3} \\d{3} \\d{3})");

  private FakeHelperBroker broker;
  private EchoService echoService;

  @BeforeEach
  void startBrokerAndService() throws IOException {
    broker = new FakeHelperBroker();
    echoService = new EchoService();
  }

  @AfterEach
  void stop() throws Exception {
    echoService.close();
    broker.close();
  }

  @Test
  void registersAsksConsentOnTheTerminalAndServesTheTunnel() throws Exception {
    RunningApp app = startHelper("--locale", "es-MX");

    app.awaitOut("Su código de soporte:");
    Matcher code = CODE.matcher(app.out());
    assertThat(code.find()).isTrue();
    assertThat(code.group(1)).isEqualTo(FakeHelperBroker.CODE);
    assertThat(broker.registrations.take().getMachine().getMachineId()).hasSize(64);
    assertThat(broker.nextFromHelper().getHello().getHelperToken())
        .isEqualTo(FakeHelperBroker.TOKEN);
    app.awaitOut("Esperando a que el agente ingrese el código 123 456 789");

    broker.send(consentPrompt());
    app.awaitOut("[s/N]");
    app.type("s");
    HelperMessage.ConsentAnswer answer = broker.nextFromHelper().getConsent();
    assertThat(answer.getPromptId()).isEqualTo("p-1");
    assertThat(answer.getAccepted()).isTrue();

    broker.send(started());
    app.awaitOut("El agente está conectado.");
    assertEchoedThroughTunnel(2 * 1024 * 1024);

    broker.send(ended(EndReason.ENDED_BY_AGENT, "El agente terminó la sesión."));
    broker.completeStream();
    assertThat(app.awaitExit()).isZero();
    assertThat(app.out())
        .contains("El agente terminó la sesión.")
        .doesNotContain("La sesión terminó");
  }

  @Test
  void answerOtherThanYesDeclines() throws Exception {
    RunningApp app = startHelper("--locale", "en");
    broker.nextFromHelper();
    broker.send(consentPrompt());
    app.awaitOut("[y/N]");

    app.type("");

    assertThat(broker.nextFromHelper().getConsent().getAccepted()).isFalse();
    broker.send(ended(EndReason.CONSENT_DECLINED, "You declined."));
    broker.completeStream();
    assertThat(app.awaitExit()).isEqualTo(3);
  }

  @Test
  void typingFinEndsTheSession() throws Exception {
    RunningApp app = startHelper("--locale", "es-MX");
    broker.nextFromHelper();
    broker.send(consentPrompt());
    app.awaitOut("[s/N]");
    app.type("sí");
    broker.nextFromHelper();
    broker.send(started());
    app.awaitOut("El agente está conectado.");

    app.type("fin");

    assertThat(broker.nextFromHelper().hasEnd()).isTrue();
    broker.send(ended(EndReason.ENDED_BY_CUSTOMER, "Usted terminó la sesión."));
    broker.completeStream();
    assertThat(app.awaitExit()).isZero();
  }

  @Test
  void theCustomerSeesWhoJoinedAnswersControlRemovesAndPauses() throws Exception {
    RunningApp app = startHelper("--locale", "es-MX");
    broker.nextFromHelper();
    broker.send(consentPrompt());
    app.awaitOut("[s/N]");
    app.type("s");
    broker.nextFromHelper();
    broker.send(started());
    broker.send(participants());
    broker.send(notice(Notice.Kind.JOINED, "Sofía Méndez (especialista) se unió a la sesión."));
    app.awaitOut("Aviso: Sofía Méndez (especialista) se unió a la sesión.");
    app.awaitOut("Conectados: Contadores del Bajío (usted), Ana López (agente, con control)");

    broker.send(
        HelperEvent.newBuilder()
            .setConsentPrompt(
                ConsentPrompt.newBuilder()
                    .setPromptId("p-2")
                    .setAccess(AccessKind.CONTROL)
                    .setMessage("Sofía Méndez (especialista) solicita usar su mouse y teclado."))
            .build());
    app.awaitOut("solicita usar su mouse y teclado.");
    app.type("s");
    HelperMessage.ConsentAnswer control = broker.nextFromHelper().getConsent();
    assertThat(control.getPromptId()).isEqualTo("p-2");
    assertThat(control.getAccepted()).isTrue();
    broker.send(notice(Notice.Kind.CONTROL_CHANGED, "Ahora tiene el control Sofía Méndez."));
    app.awaitOut("Aviso: Ahora tiene el control Sofía Méndez.");
    // The tunnel starts afresh for the new holder and still reaches the service.
    assertEchoedThroughTunnel(256 * 1024);

    app.type("quitar pedro");
    app.awaitOut("No hay nadie llamado «pedro» en la sesión.");
    app.type("quitar contadores");
    app.awaitOut("No hay nadie llamado «contadores» en la sesión.");
    app.type("quitar Sofía");
    assertThat(broker.nextFromHelper().getRemove().getParticipantId()).isEqualTo("sofia");
    app.awaitOut("Se retira a Sofía Méndez de la sesión.");
    app.type("pausa");
    assertThat(broker.nextFromHelper().getPause().getPaused()).isTrue();
    app.type("seguir");
    assertThat(broker.nextFromHelper().getPause().getPaused()).isFalse();
    app.awaitOut("Sesión reanudada.");

    broker.send(ended(EndReason.ENDED_BY_AGENT, "El agente terminó la sesión."));
    broker.completeStream();
    assertThat(app.awaitExit()).isZero();
  }

  @Test
  void acceptAllWarnsLoudlyAndAcceptsEachPrompt() throws Exception {
    RunningApp app = startHelper("--locale", "es-MX", "--accept-all");
    broker.nextFromHelper();

    broker.send(consentPrompt());

    assertThat(broker.nextFromHelper().getConsent().getAccepted()).isTrue();
    assertThat(app.err())
        .contains("ATENCIÓN: --accept-all está activo")
        .contains("ATENCIÓN: solicitud aceptada automáticamente");
    broker.send(ended(EndReason.ENDED_BY_AGENT, "fin"));
    broker.completeStream();
    assertThat(app.awaitExit()).isZero();
  }

  @Test
  void aCodeTheBrokerKilledAfterTooManyWrongGuessesIsReplacedByANewOneOnEnter() throws Exception {
    RunningApp app = startHelper("--locale", "es-MX");
    broker.nextFromHelper();
    app.awaitOut("Esperando a que el agente ingrese el código 123 456 789");
    String words =
        "Por seguridad, su código dejó de valer: se escribieron demasiados códigos equivocados.";

    broker.send(codeKilled(words));
    broker.completeStream();

    app.awaitOut(words);
    assertThat(app.out()).doesNotContain("La sesión terminó");
    app.awaitOut("Para obtener un código nuevo presione Enter");
    broker.registrations.clear();
    broker.code = "987 654 321";
    app.type("");
    assertThat(broker.registrations.poll(10, TimeUnit.SECONDS)).isNotNull();
    app.awaitOut("Su código de soporte:   987 654 321");
    assertThat(nextHello().getHelperToken()).isEqualTo(FakeHelperBroker.TOKEN);
    app.awaitOut("Esperando a que el agente ingrese el código 987 654 321");

    broker.send(ended(EndReason.ENDED_BY_AGENT, "El agente terminó la sesión."));
    broker.completeStream();
    assertThat(app.awaitExit()).isZero();
  }

  @Test
  void anExpiredCodeAndQuitExitsFive() throws Exception {
    RunningApp app = startHelper("--locale", "es-MX");
    broker.nextFromHelper();
    app.awaitOut("Esperando a que el agente ingrese el código 123 456 789");

    broker.send(ended(EndReason.CODE_EXPIRED, "Su código venció."));
    broker.completeStream();
    app.awaitOut("Para obtener un código nuevo presione Enter");
    app.type("q");

    assertThat(app.awaitExit()).isEqualTo(5);
  }

  @Test
  void aNewCodeRefusedForTooManyRegistrationsSaysWhenToTryAgainAndKeepsOffering() throws Exception {
    RunningApp app = startHelper("--locale", "es-MX");
    broker.nextFromHelper();
    app.awaitOut("Esperando a que el agente ingrese el código 123 456 789");
    broker.send(ended(EndReason.CODE_EXPIRED, "Su código venció."));
    broker.completeStream();
    app.awaitOut("Para obtener un código nuevo presione Enter");
    broker.refusal =
        RefusalStatus.toException(
            Status.Code.RESOURCE_EXHAUSTED,
            Refusal.newBuilder()
                .setReason(RefusalReason.TOO_MANY_ATTEMPTS)
                .setMessage("Se pidieron demasiados códigos desde este equipo.")
                .setRetryAfterMillis(30_000)
                .build());

    app.type("");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> app.out().split("Para obtener un código nuevo presione Enter", -1).length == 3);
    assertThat(app.err())
        .contains("Se pidieron demasiados códigos desde este equipo.")
        .contains("Intente de nuevo en 30 segundos.");
    broker.refusal = null;
    broker.code = "555 444 333";
    app.type("");
    app.awaitOut("Su código de soporte:   555 444 333");
    nextHello();
    broker.send(ended(EndReason.ENDED_BY_CUSTOMER, "Usted terminó la sesión."));
    broker.completeStream();
    assertThat(app.awaitExit()).isZero();
  }

  @Test
  void refusalShowsTheBrokersMessageAndWhatToDoThenExitsThree() throws Exception {
    broker.refusal =
        RefusalStatus.toException(
            Status.Code.FAILED_PRECONDITION,
            Refusal.newBuilder()
                .setReason(RefusalReason.VERSION_OUTDATED)
                .setMessage("Su versión 2026.1 ya no tiene soporte; instale la actualización.")
                .setSelfHelpUrl("https://ayuda.example.com/actualizar")
                .build());

    RunningApp app = startHelper("--locale", "es-MX");

    assertThat(app.awaitExit()).isEqualTo(3);
    assertThat(app.err())
        .contains("Su versión 2026.1 ya no tiene soporte; instale la actualización.")
        .contains("Ayuda en línea: https://ayuda.example.com/actualizar")
        .doesNotContain("VERSION_OUTDATED");
    assertThat(Files.readString(HelperLog.file())).contains("Motivo: VERSION_OUTDATED");
  }

  @Test
  void unreachableBrokerExitsFour() throws Exception {
    int port = broker.port();
    broker.close();

    RunningApp app = startHelperOn(port, "--locale", "en");

    assertThat(app.awaitExit()).isEqualTo(4);
    assertThat(app.err()).contains("We could not reach the support server.");
    assertThat(Files.readString(HelperLog.file())).contains("Server: 127.0.0.1:" + port);
  }

  @Test
  void missingOptionIsAUsageError() throws Exception {
    RunningApp app =
        RunningApp.start((in, out, err) -> CustomerApp.run(in, out, err, "--licence", "K"));

    assertThat(app.awaitExit()).isEqualTo(2);
  }

  private RunningApp startHelper(String... extra) throws IOException {
    return startHelperOn(broker.port(), extra);
  }

  private RunningApp startHelperOn(int brokerPort, String... extra) throws IOException {
    String[] base = {
      "--broker", "127.0.0.1:" + brokerPort,
      "--licence", "LIC-1",
      "--product", "contabilidad",
      "--version", "2026.3",
      "--service", echoService.endpoint().toString(),
      "--ui", "terminal",
      "--no-screen"
    };
    String[] args = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return RunningApp.start((in, out, err) -> CustomerApp.run(in, out, err, args));
  }

  /** Connects through the fake broker's agent-side tunnel and checks the echo byte for byte. */
  private void assertEchoedThroughTunnel(int size) throws Exception {
    try (LocalForward forward = LocalForward.bind(new Endpoint("127.0.0.1", 0))) {
      forward.start(broker.agentTunnel());
      EchoService.assertEchoed(forward.localEndpoint(), size);
    }
  }

  private HelperMessage.Hello nextHello() throws InterruptedException {
    while (true) {
      HelperMessage message = broker.nextFromHelper();
      if (message.hasHello()) {
        return message.getHello();
      }
    }
  }

  private static HelperEvent codeKilled(String words) {
    return HelperEvent.newBuilder()
        .setEnded(
            SessionEnded.newBuilder()
                .setReason(EndReason.CODE_EXPIRED)
                .setMessage(words)
                .setRefusal(
                    Refusal.newBuilder()
                        .setReason(RefusalReason.TOO_MANY_ATTEMPTS)
                        .setMessage(words)))
        .build();
  }

  private static HelperEvent consentPrompt() {
    return HelperEvent.newBuilder()
        .setConsentPrompt(
            ConsentPrompt.newBuilder()
                .setPromptId("p-1")
                .setAccess(AccessKind.TUNNEL)
                .setMessage("Ana López (agente) pide acceso al servicio 127.0.0.1:5900."))
        .build();
  }

  private static HelperEvent participants() {
    return HelperEvent.newBuilder().setParticipants(SessionCast.participants()).build();
  }

  private static HelperEvent notice(Notice.Kind kind, String message) {
    return HelperEvent.newBuilder()
        .setNotice(Notice.newBuilder().setKind(kind).setMessage(message))
        .build();
  }

  private static HelperEvent started() {
    return HelperEvent.newBuilder()
        .setStarted(
            SessionStarted.newBuilder()
                .setSessionId("S-1")
                .setTicketId("T-1")
                .setAccess(AccessKind.TUNNEL))
        .build();
  }

  private static HelperEvent ended(EndReason reason, String message) {
    return HelperEvent.newBuilder()
        .setEnded(SessionEnded.newBuilder().setReason(reason).setMessage(message))
        .build();
  }
}
