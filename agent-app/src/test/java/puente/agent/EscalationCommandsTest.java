package puente.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.client.Endpoint;
import puente.client.testing.EchoService;
import puente.client.testing.RunningApp;
import puente.client.testing.SessionCast;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.ControlChanged;
import puente.v1.Escalation;
import puente.v1.LiveSessionInfo;
import puente.v1.Notice;

/** The escalation commands and the attached terminal's control commands, on real gRPC. */
class EscalationCommandsTest {
  private static final Pattern TUNNEL_READY =
      Pattern.compile("Túnel listo: (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+) →");

  @TempDir Path configDir;
  private EchoService echoService;
  private FakeAgentBroker broker;
  private ProfileStore profiles;

  @BeforeEach
  void start() throws IOException {
    echoService = new EchoService();
    broker = new FakeAgentBroker(echoService.endpoint());
    profiles = new ProfileStore(configDir);
    profiles.save(
        new AgentProfile(
            Endpoint.parse("127.0.0.1:" + broker.port()),
            null,
            false,
            "ana",
            "Ana López",
            "agent",
            FakeAgentBroker.TOKEN,
            Instant.now().plusSeconds(3600)));
  }

  @AfterEach
  void stop() throws IOException {
    broker.close();
    echoService.close();
  }

  @Test
  void theTunnelClosesWhenControlLeavesAndReopensOnTheSamePortWhenItReturns() throws Exception {
    RunningApp open = agent("open", "123456789", "--forward", "127.0.0.1:0");
    Endpoint port = tunnelReady(open, 1);
    EchoService.assertEchoed(port, 256 * 1024);
    broker.send(participants());

    broker.send(control("sofia", false));

    open.awaitOut("Ahora tiene el control: Sofía Méndez.");
    open.awaitOut("Ya no tiene el control: se cerró el puerto " + port);
    assertThatThrownBy(() -> new Socket(port.host(), port.port()).close())
        .isInstanceOf(ConnectException.class);

    broker.send(control("ana", true));

    open.awaitOut("Usted tiene el control.");
    assertThat(tunnelReady(open, 2)).isEqualTo(port);
    EchoService.assertEchoed(port, 256 * 1024);
    open.type("q");
    assertThat(open.awaitExit()).isZero();
  }

  @Test
  void controlCommandsTypedWhileAttachedGoToTheBroker() throws Exception {
    RunningApp open = agent("open", "123456789", "--forward", "0");
    tunnelReady(open, 1);
    broker.send(participants());
    broker.send(
        AgentEvent.newBuilder()
            .setControl(ControlChanged.newBuilder().setHolder("ana").setRequester("sofia"))
            .build());
    open.awaitOut("Sofía Méndez pide el control. Para cederlo escriba: grant sofia");

    open.type("grant pedro");
    open.awaitOut("No hay nadie llamado «pedro» en la sesión.");
    open.type("grant Sofía Méndez");
    open.awaitOut("Se pide al cliente que autorice pasar el control a Sofía Méndez...");
    open.type("soltar");
    open.type("takeback");
    open.type("control");
    open.awaitOut("Pidió el control");
    open.type("bailar");
    open.awaitOut("Comandos: control");
    open.type("leave");

    assertThat(open.awaitExit()).isZero();
    assertThat(open.out()).contains("Salió de la sesión S-1; sigue para los demás.");
    assertThat(broker.endedSessions).isEmpty();
    assertThat(broker.fromAgent)
        .extracting(AgentMessage::getKindCase)
        .containsExactly(
            AgentMessage.KindCase.JOIN,
            AgentMessage.KindCase.CONTROL,
            AgentMessage.KindCase.CONTROL,
            AgentMessage.KindCase.CONTROL,
            AgentMessage.KindCase.CONTROL,
            AgentMessage.KindCase.LEAVE);
    assertThat(broker.fromAgent.subList(1, 5))
        .extracting(m -> m.getControl().getKind() + ":" + m.getControl().getParticipantId())
        .containsExactly("GRANT:sofia", "RELEASE:", "TAKE_BACK:", "REQUEST:");
  }

  @Test
  void noticesArePrintedAsTheBrokerWordsThem() throws Exception {
    RunningApp open = agent("open", "123456789", "--forward", "0");
    tunnelReady(open, 1);

    broker.send(
        AgentEvent.newBuilder()
            .setNotice(
                Notice.newBuilder()
                    .setKind(Notice.Kind.CONTROL_VETOED)
                    .setMessage("El cliente no autorizó pasar el control a Sofía Méndez."))
            .build());

    open.awaitOut("Aviso: El cliente no autorizó pasar el control a Sofía Méndez.");
    open.type("q");
    assertThat(open.awaitExit()).isZero();
  }

  @Test
  void escalatesFromTheTerminalAndFromTheCommandLine() throws Exception {
    RunningApp open = agent("open", "123456789", "--forward", "0");
    tunnelReady(open, 1);

    open.type("escalar sofia No abre la base de datos");
    open.awaitOut("Sesión S-1 escalada a sofia.");
    open.type("escalate - Revisar la red");
    open.awaitOut("Sesión S-1 escalada a la cola de especialistas.");
    open.type("q");
    assertThat(open.awaitExit()).isZero();

    RunningApp command = agent("escalate", "S-9", "--note", "Urgente", "--locale", "en");
    assertThat(command.awaitExit()).isZero();
    assertThat(command.out()).contains("Session S-9 escalated to the specialist queue.");

    assertThat(broker.escalations)
        .extracting(e -> e.getSessionId() + "|" + e.getSpecialist() + "|" + e.getNote())
        .containsExactly(
            "S-1|sofia|No abre la base de datos", "S-1||Revisar la red", "S-9||Urgente");
  }

  @Test
  void queueShowsEscalationsInTheBrokersOrderWithWaitingTimeAndNote() throws Exception {
    broker.queue =
        List.of(
            Escalation.newBuilder()
                .setSessionId("S-2")
                .setTicketId("T-2")
                .setCustomerName("Contadores del Bajío")
                .setCategory("instalacion")
                .setPriority(1)
                .setEscalatedBy("ana")
                .setNote("No abre la base de datos")
                .setWaitingSeconds(185)
                .build(),
            Escalation.newBuilder()
                .setSessionId("S-3")
                .setTicketId("T-3")
                .setCustomerName("Rivera SC")
                .setEscalatedBy("luis")
                .setOfferedTo("sofia")
                .setWaitingSeconds(42)
                .build());

    RunningApp queue = agent("queue");

    assertThat(queue.awaitExit()).isZero();
    assertThat(queue.out())
        .containsSubsequence(
            "Escalamientos en espera (2)",
            "1. Contadores del Bajío · instalacion · prioridad 1 · espera 3 min 05 s",
            "Escaló: ana · para: la cola",
            "Nota: No abre la base de datos",
            "Sesión S-2 (ticket T-2) — para unirse: puente-agent join S-2",
            "2. Rivera SC · sin categoría · espera 42 s",
            "Escaló: luis · para: sofia",
            "Sesión S-3 (ticket T-3)");
    assertThat(queue.out()).doesNotContain("Nota: \n");
  }

  @Test
  void anEmptyQueueSaysSo() throws Exception {
    RunningApp queue = agent("queue", "--locale", "en");

    assertThat(queue.awaitExit()).isZero();
    assertThat(queue.out()).contains("No escalations are waiting.");
  }

  @Test
  void sessionsShowsEachLiveSessionWithItsParticipants() throws Exception {
    broker.live =
        List.of(
            LiveSessionInfo.newBuilder()
                .setSessionId("S-1")
                .setTicketId("T-1")
                .setCustomerName("Contadores del Bajío")
                .setState("ACTIVE")
                .setStartedAt(Timestamp.newBuilder().setSeconds(1_780_000_000))
                .setBytesToAgent(3 * 1024 * 1024)
                .setBytesToCustomer(512)
                .addAllParticipants(participants().getParticipants().getParticipantsList())
                .build());

    RunningApp sessions = agent("sessions");

    assertThat(sessions.awaitExit()).isZero();
    assertThat(sessions.out())
        .contains("Sesiones en vivo (1):")
        .contains("1. Contadores del Bajío · activa")
        .contains("Sesión S-1 (ticket T-1) · desde ")
        .contains("3.0 MiB al personal, 512 B al cliente")
        .contains(
            "Conectados: Contadores del Bajío [customer] (cliente), Ana López [ana] (agente, con"
                + " control), Sofía Méndez [sofia] (especialista)");
  }

  @Test
  void sessionsRefusedForSomeoneWhoDoesNotSuperviseExitsThree() throws Exception {
    RunningApp sessions = agent("sessions");

    assertThat(sessions.awaitExit()).isEqualTo(3);
    assertThat(sessions.err()).contains("Su perfil no permite esta acción.");
  }

  @Test
  void joinWatchesFirstAndAsksForControlWhenTold() throws Exception {
    RunningApp join = agent("join", "S-5", "--ask-control", "--forward", "127.0.0.1:0");

    join.awaitOut("Túnel listo:");
    join.type("leave");
    assertThat(join.awaitExit()).isZero();
    assertThat(broker.fromAgent.get(0).getJoin().getSessionId()).isEqualTo("S-5");
    assertThat(broker.fromAgent.get(0).getJoin().getMode())
        .isEqualTo(AgentMessage.JoinMode.ASK_CONTROL);
  }

  @Test
  void joinRefusedByTheBrokerExitsThreeWithTheReason() throws Exception {
    RunningApp join = agent("join", "S-denied");

    assertThat(join.awaitExit()).isEqualTo(3);
    assertThat(join.err())
        .contains("No se pudo unir a la sesión S-denied.")
        .contains("No puede unirse a esta sesión.")
        .contains("PERMISSION_DENIED");
  }

  @Test
  void watchAndAskControlCannotBeCombined() throws Exception {
    assertThat(agent("join", "S-5", "--watch", "--ask-control").awaitExit()).isEqualTo(2);
  }

  /** Waits for the n-th "tunnel ready" line and returns its address. */
  private static Endpoint tunnelReady(RunningApp app, int nth) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> TUNNEL_READY.matcher(app.out()).results().count() >= nth);
    Matcher ready = TUNNEL_READY.matcher(app.out());
    for (int i = 0; i < nth; i++) {
      assertThat(ready.find()).isTrue();
    }
    return new Endpoint(ready.group(1), Integer.parseInt(ready.group(2)));
  }

  private static AgentEvent control(String holder, boolean mine) {
    return AgentEvent.newBuilder()
        .setControl(ControlChanged.newBuilder().setHolder(holder).setYouHaveControl(mine))
        .build();
  }

  private static AgentEvent participants() {
    return AgentEvent.newBuilder().setParticipants(SessionCast.participants()).build();
  }

  /** Runs the agent app in Spanish unless the arguments pick another locale. */
  private RunningApp agent(String... args) throws IOException {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    if (!all.contains("--locale")) {
      all.addAll(List.of("--locale", "es-MX"));
    }
    String[] chosen = all.toArray(String[]::new);
    return RunningApp.start((in, out, err) -> AgentApp.run(in, out, err, profiles, chosen));
  }
}
