package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import puente.broker.auth.Role;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.ClipboardText;
import puente.v1.ControlAction;
import puente.v1.EndSessionRequest;
import puente.v1.EscalateRequest;
import puente.v1.GrantChanged;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.Notice;
import puente.v1.OpenSessionResponse;
import puente.v1.RefusalReason;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

/**
 * A raw client, on the generated stubs, sending what our apps never would. Each forbidden message
 * is refused by the broker with its reason in a notice to the sender, reaches nobody on the other
 * side (proved by a chat line sent after it on the same stream arriving next), and is on the
 * ticket.
 */
class HostileClientTest {
  private static final String SERVICE = "127.0.0.1:5900";

  BrokerFixture fixture;
  SessionFlowTest flow;
  private final AtomicInteger barriers = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    flow = new SessionFlowTest();
    flow.start();
    fixture = flow.fixture;
    fixture.addAgent("sofia", "Sofía Méndez", Role.SPECIALIST);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  @Test
  void inputAndClipboardInATunnelOnlySessionAreRefusedNotGranted() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    settleCustomer(live, ana);

    ana.send(EscalationTest.input(10, 20));
    assertRefused(ana, RefusalReason.NOT_GRANTED);
    ana.send(clipboard("copiado por el agente"));
    assertRefused(ana, RefusalReason.NOT_GRANTED);

    nothingElseReachedCustomer(live, ana);
    awaitRefusalsOnTicket(live, "ana", "INPUT NOT_GRANTED", "CLIPBOARD NOT_GRANTED");
  }

  @Test
  void inAViewOnlySessionTakingBackControlGivesNoInputAndNoTunnel() throws Exception {
    AcceptedSession live = openSession(AccessKind.VIEW);
    EscalationTest.Staff ana = join(live, "ana");

    ana.control(ControlAction.Kind.TAKE_BACK, "");
    ana.events().next(e -> e.hasControl() && e.getControl().getYouHaveControl());
    // The last thing the take-back sends the customer: the list with Ana holding control.
    live.events()
        .next(
            e ->
                e.hasParticipants()
                    && e.getParticipants().getParticipantsList().stream()
                        .anyMatch(p -> p.getId().equals("ana") && p.getHasControl()));
    settleCustomer(live, ana);

    ana.send(EscalationTest.input(3, 4));
    assertRefused(ana, RefusalReason.NOT_GRANTED);
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    assertRefused(ana, RefusalReason.NOT_GRANTED);

    nothingElseReachedCustomer(live, ana);
    awaitRefusalsOnTicket(live, "ana", "INPUT NOT_GRANTED", "TUNNEL_OPEN NOT_GRANTED");
    assertThat(timeline(live))
        .filteredOn(e -> e.kind() == EventKind.CONTROL_CHANGED)
        .extracting(TimelineEntry::detail)
        .containsExactly("holder=ana taken back");
  }

  @Test
  void whilePausedNoChannelOpensAndOpenLanesHoldTheirBytesUntilResume() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    TunnelFrame.Lane anaLane = laneAt(ana);
    TunnelFrame.Lane customerLane = laneAt(live);
    try (Socket atAna = SessionFlowTest.joinLane(anaLane);
        Socket atCustomer = SessionFlowTest.joinLane(customerLane)) {
      atAna.getOutputStream().write(1);
      assertThat(atCustomer.getInputStream().read()).isEqualTo(1);

      live.send(pause(true));
      ana.events().next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.PAUSED);
      settleCustomer(live, ana);
      ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(2)).build());
      assertRefused(ana, RefusalReason.SESSION_PAUSED);
      nothingElseReachedCustomer(live, ana);

      // Bytes written at either end during the pause stay on their side.
      byte[] toCustomer = pattern(10_000, 7);
      byte[] toAgent = pattern(3_000, 11);
      atAna.getOutputStream().write(toCustomer);
      atCustomer.getOutputStream().write(toAgent);
      assertNothingArrivesWithinASecond(atCustomer);
      assertNothingArrivesWithinASecond(atAna);

      live.send(pause(false));
      ana.events().next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.RESUMED);
      // After the resume every byte arrives, in order, and what is written next comes after.
      atAna.getOutputStream().write(42);
      atCustomer.getOutputStream().write(43);
      assertThat(atCustomer.getInputStream().readNBytes(toCustomer.length)).isEqualTo(toCustomer);
      assertThat(atCustomer.getInputStream().read()).isEqualTo(42);
      assertThat(atAna.getInputStream().readNBytes(toAgent.length)).isEqualTo(toAgent);
      assertThat(atAna.getInputStream().read()).isEqualTo(43);
    }
    awaitRefusalsOnTicket(live, "ana", "TUNNEL_OPEN SESSION_PAUSED");
    assertThat(timeline(live))
        .extracting(TimelineEntry::kind)
        .containsSubsequence(EventKind.PAUSED, EventKind.RESUMED);
  }

  @Test
  void theCustomerSideCannotWidenItsGrantSendInputOrAnswerAPromptItNeverGot() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    settleCustomer(live, ana);
    settleStaff(live, ana);

    live.send(grant(AccessKind.TUNNEL, AccessKind.CONTROL));
    assertRefused(live, RefusalReason.WRONG_SENDER);
    live.send(HelperMessage.newBuilder().setRelay(EscalationTest.input(5, 5).getRelay()).build());
    assertRefused(live, RefusalReason.WRONG_SENDER);
    nothingElseReachedStaff(live, ana);
    // The grant stayed a tunnel: Ana's input is still refused.
    ana.send(EscalationTest.input(6, 6));
    assertRefused(ana, RefusalReason.NOT_GRANTED);

    // Ana asks for input; the customer's side answers yes to a prompt id it never got.
    ana.send(requestAccess(AccessKind.CONTROL));
    HelperEvent prompt = live.events().next(HelperEvent::hasConsentPrompt);
    live.send(consent(UUID.randomUUID().toString(), true));
    // A message on the same lane after the answer: once it is refused, the answer was handled.
    live.send(grant(AccessKind.TUNNEL, AccessKind.CONTROL));
    assertRefused(live, RefusalReason.WRONG_SENDER);
    nothingElseReachedStaff(live, ana);
    ana.send(EscalationTest.input(7, 7));
    assertRefused(ana, RefusalReason.NOT_GRANTED);
    // The real prompt was not used up by the forged answer: the customer's no to it is heard.
    live.send(consent(prompt.getConsentPrompt().getPromptId(), false));
    ana.events().next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.CONTROL_VETOED);

    awaitRefusalsOnTicket(live, "customer", "WIDEN_GRANT WRONG_SENDER", "INPUT WRONG_SENDER");
    awaitRefusalsOnTicket(live, "ana", "INPUT NOT_GRANTED");
    assertThat(timeline(live))
        .extracting(TimelineEntry::kind)
        .doesNotContain(EventKind.GRANT_CHANGED);
  }

  @Test
  void aWatcherInAControlSessionSendsInputAndOpensChannelsInVain() throws Exception {
    AcceptedSession live = openSession(AccessKind.CONTROL);
    EscalationTest.Staff ana = join(live, "ana");
    escalate(live, "sofia");
    EscalationTest.Staff sofia = join(live, "sofia");
    settleCustomer(live, sofia);

    sofia.send(EscalationTest.input(100, 200));
    assertRefused(sofia, RefusalReason.NOT_IN_CONTROL);
    sofia.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    assertRefused(sofia, RefusalReason.NOT_IN_CONTROL);

    nothingElseReachedCustomer(live, sofia);
    awaitRefusalsOnTicket(live, "sofia", "INPUT NOT_IN_CONTROL", "TUNNEL_OPEN NOT_IN_CONTROL");
    // Ana, who holds control, is not affected: her input reaches the customer.
    ana.send(EscalationTest.input(1, 2));
    assertThat(
            live.events()
                .nextIs(e -> e.hasRelay() && e.getRelay().hasInput(), "Ana's input")
                .getRelay()
                .getInput()
                .getMove()
                .getY())
        .isEqualTo(2);
  }

  @Test
  void aSpecialistTheCustomerRemovedIsClosedOutAndCannotAttachAgain() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    escalate(live, "sofia");
    EscalationTest.Staff sofia = join(live, "sofia");
    settleCustomer(live, ana);

    live.send(remove("sofia"));
    assertRemovedAndClosed(live, sofia, "sofia");
    assertThat(attachAgain("sofia", live)).isEqualTo(Status.Code.PERMISSION_DENIED);

    nothingElseReachedCustomer(live, ana);
    assertThat(timeline(live))
        .filteredOn(e -> e.kind() == EventKind.PARTICIPANT_REMOVED)
        .extracting(TimelineEntry::detail)
        .containsExactly("sofia");
  }

  @Test
  void theOpenerTheCustomerRemovedIsClosedOutAndCannotAttachAgain() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    escalate(live, "sofia");
    EscalationTest.Staff sofia = join(live, "sofia");
    settleCustomer(live, ana);

    live.send(remove("ana"));
    assertRemovedAndClosed(live, ana, "ana");
    assertThat(attachAgain("ana", live))
        .as("the customer removed Ana: opening the session once does not let her back in")
        .isEqualTo(Status.Code.PERMISSION_DENIED);

    nothingElseReachedCustomer(live, sofia);
    assertThat(timeline(live))
        .filteredOn(e -> e.kind() == EventKind.PARTICIPANT_REMOVED)
        .extracting(TimelineEntry::detail)
        .containsExactly("ana");
  }

  @Test
  void narrowingTheGrantToNothingClosesFlowingLanesAtOnceAndRefusesNewChannels() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    TunnelFrame.Lane anaLane = laneAt(ana);
    TunnelFrame.Lane customerLane = laneAt(live);
    ExecutorService writing = Executors.newSingleThreadExecutor();
    try (Socket atAna = SessionFlowTest.joinLane(anaLane);
        Socket atCustomer = SessionFlowTest.joinLane(customerLane)) {
      // The agent's end writes without a break until its connection fails under it.
      CompletableFuture<IOException> writer =
          CompletableFuture.supplyAsync(
              () -> {
                byte[] chunk = pattern(4096, 3);
                try {
                  while (true) {
                    atAna.getOutputStream().write(chunk);
                  }
                } catch (IOException e) {
                  return e;
                }
              },
              writing);
      assertThat(atCustomer.getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);

      live.send(grant());
      GrantChanged narrowed = ana.events().next(AgentEvent::hasGrant).getGrant();
      assertThat(narrowed.getCapabilitiesList()).isEmpty();
      assertClosedWithin(atCustomer, Duration.ofSeconds(5));
      assertClosedWithin(atAna, Duration.ofSeconds(5));
      assertThat(writer.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    } finally {
      writing.shutdownNow();
    }

    settleCustomer(live, ana);
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(2)).build());
    assertRefused(ana, RefusalReason.NOT_GRANTED);
    nothingElseReachedCustomer(live, ana);
    awaitRefusalsOnTicket(live, "ana", "TUNNEL_OPEN NOT_GRANTED");
    assertThat(timeline(live))
        .filteredOn(e -> e.kind() == EventKind.GRANT_CHANGED)
        .extracting(TimelineEntry::actor, TimelineEntry::detail)
        .containsExactly(tuple("customer", "[TUNNEL] -> []"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aFloodOfRefusedInputIsOneTicketEntryLiveAndOneAggregateAtTheEnd() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    settleCustomer(live, ana);

    int flood = 1_000;
    for (int i = 0; i < flood; i++) {
      ana.send(EscalationTest.input(i, i));
    }
    for (int i = 0; i < flood; i++) {
      assertRefused(ana, RefusalReason.NOT_GRANTED);
    }
    // Still responsive, and none of the thousand reached the customer.
    nothingElseReachedCustomer(live, ana);

    awaitRefusalsOnTicket(live, "ana", "INPUT NOT_GRANTED");
    assertThat(metrics())
        .contains("puente_gate_refused_total{kind=\"INPUT\",reason=\"NOT_GRANTED\"} 1000.0");

    blocking("ana")
        .endSession(
            EndSessionRequest.newBuilder().setSessionId(live.opened().getSessionId()).build());
    live.events().next(HelperEvent::hasEnded);
    awaitRefusalsOnTicket(
        live, "ana", "INPUT NOT_GRANTED", "INPUT NOT_GRANTED repeated 999 more time(s)");
  }

  @Test
  void aChatLineThatCouldSteerATerminalIsRefusedEitherWay() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");
    settleCustomer(live, ana);
    settleStaff(live, ana);

    live.send(customerChat("listo\u001b[2K\rTúnel listo en 127.0.0.1:5900"));
    assertRefused(live, RefusalReason.INVALID_REQUEST);
    nothingElseReachedStaff(live, ana);
    ana.send(EscalationTest.chat("ok\u202egnp.exe"));
    assertRefused(ana, RefusalReason.INVALID_REQUEST);
    nothingElseReachedCustomer(live, ana);

    // Spanish on two lines is a chat line like any other.
    live.send(customerChat("¿Ya ve mi pantalla?\nEl año pasado sí funcionó, señorita."));
    ana.events().next(e -> isChat(e, "¿Ya ve mi pantalla?\nEl año pasado sí funcionó, señorita."));
    awaitRefusalsOnTicket(live, "ana", "CHAT INVALID_REQUEST");
    awaitRefusalsOnTicket(live, "customer", "CHAT INVALID_REQUEST");
  }

  @Test
  void askingForInputInATunnelSessionWidensTheGrantOnlyOnTheCustomersYes() throws Exception {
    AcceptedSession live = openSession(AccessKind.TUNNEL);
    EscalationTest.Staff ana = join(live, "ana");

    ana.send(requestAccess(AccessKind.CONTROL));
    HelperEvent prompt = live.events().next(HelperEvent::hasConsentPrompt);
    assertThat(prompt.getConsentPrompt().getCapabilitiesList()).containsExactly(AccessKind.CONTROL);
    assertThat(prompt.getConsentPrompt().getMessage()).contains("mouse").doesNotContain("pantalla");

    live.send(consent(prompt.getConsentPrompt().getPromptId(), true));
    assertThat(live.events().next(HelperEvent::hasGrant).getGrant().getCapabilitiesList())
        .containsExactly(AccessKind.TUNNEL, AccessKind.CONTROL);
    assertThat(ana.events().next(AgentEvent::hasGrant).getGrant().getCapabilitiesList())
        .containsExactly(AccessKind.TUNNEL, AccessKind.CONTROL);
    ana.send(EscalationTest.input(31, 41));
    assertThat(
            live.events()
                .nextIs(e -> e.hasRelay() && e.getRelay().hasInput(), "Ana's input")
                .getRelay()
                .getInput()
                .getMove()
                .getX())
        .isEqualTo(31);
    assertThat(timeline(live))
        .filteredOn(e -> e.kind() == EventKind.GRANT_CHANGED)
        .extracting(TimelineEntry::detail)
        .containsExactly("[TUNNEL] -> [TUNNEL, CONTROL]");
  }

  @ParameterizedTest(name = "{0}: opening for {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          es-MX | TUNNEL  | TUNNEL        | Ana López (agente) de soporte técnico solicita \
          conectarse al servicio que usted indicó (127.0.0.1:5900). ¿Lo permite?
          es-MX | VIEW    | VIEW          | Ana López (agente) de soporte técnico solicita \
          ver su pantalla. ¿Lo permite?
          es-MX | CONTROL | VIEW CONTROL  | Ana López (agente) de soporte técnico solicita \
          ver su pantalla y usar su mouse, su teclado y su portapapeles. ¿Lo permite?
          en    | TUNNEL  | TUNNEL        | Ana López (agent) from technical support asks to \
          connect to the service you named (127.0.0.1:5900). Do you allow it?
          en    | VIEW    | VIEW          | Ana López (agent) from technical support asks to \
          see your screen. Do you allow it?
          en    | CONTROL | VIEW CONTROL  | Ana López (agent) from technical support asks to \
          see your screen and use your mouse, keyboard and clipboard. Do you allow it?
          """)
  void theOpeningPromptNamesExactlyWhatAYesAllows(
      String locale, AccessKind access, String capabilities, String expected) throws Exception {
    SessionFlowTest.ConnectedHelper helper = connectHelper(locale);
    CompletableFuture<OpenSessionResponse> opening =
        flow.open(helper.registered().getCode(), access);
    HelperEvent prompt = helper.events().next(HelperEvent::hasConsentPrompt);
    assertThat(prompt.getConsentPrompt().getMessage()).isEqualTo(expected);
    assertThat(prompt.getConsentPrompt().getCapabilitiesList())
        .containsExactlyElementsOf(
            java.util.Arrays.stream(capabilities.split(" ")).map(AccessKind::valueOf).toList());
    helper.out().onNext(consent(prompt.getConsentPrompt().getPromptId(), false));
    assertThatThrownBy(() -> opening.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void aHandOverInATunnelSessionNamesTheTunnelAndNotTheScreen() throws Exception {
    for (String[] expected :
        List.of(
            new String[] {
              "es-MX",
              "Ana López quiere pasarle el control a Sofía Méndez (especialista) de soporte"
                  + " técnico, que podrá conectarse al servicio que usted indicó ("
                  + SERVICE
                  + "). ¿Lo permite?",
              "pantalla"
            },
            new String[] {
              "en",
              "Ana López wants to hand control to Sofía Méndez (specialist) from technical"
                  + " support, who will be able to connect to the service you named ("
                  + SERVICE
                  + "). Do you allow it?",
              "screen"
            })) {
      AcceptedSession live = openSession(AccessKind.TUNNEL, expected[0]);
      EscalationTest.Staff ana = join(live, "ana");
      escalate(live, "sofia");
      join(live, "sofia");
      ana.control(ControlAction.Kind.GRANT, "sofia");
      HelperEvent prompt = live.events().next(HelperEvent::hasConsentPrompt);
      assertThat(prompt.getConsentPrompt().getMessage())
          .isEqualTo(expected[1])
          .doesNotContain(expected[2]);
      assertThat(prompt.getConsentPrompt().getCapabilitiesList())
          .containsExactly(AccessKind.TUNNEL);
      assertThat(prompt.getConsentPrompt().getRequester().getId()).isEqualTo("sofia");
      live.send(consent(prompt.getConsentPrompt().getPromptId(), false));
      ana.events()
          .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.CONTROL_VETOED);
      blocking("ana")
          .endSession(
              EndSessionRequest.newBuilder().setSessionId(live.opened().getSessionId()).build());
      live.events().next(HelperEvent::hasEnded);
    }
  }

  SessionFlowTest.ConnectedHelper connectHelper(String locale) throws InterruptedException {
    return flow.connectHelper(
        SessionFlowTest.registration(BrokerFixture.LICENCE).toBuilder().setLocale(locale).build());
  }

  AcceptedSession openSession(AccessKind access) throws Exception {
    return openSession(access, "es-MX");
  }

  /** Registers a helper, opens its code as Ana and has the customer accept. */
  AcceptedSession openSession(AccessKind access, String locale) throws Exception {
    return AcceptedSession.open(flow, connectHelper(locale), access);
  }

  AgentServiceGrpc.AgentServiceStub stub(String username) {
    return AgentServiceGrpc.newStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(fixture.login(username)));
  }

  AgentServiceGrpc.AgentServiceBlockingStub blocking(String username) {
    return AgentServiceGrpc.newBlockingStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(fixture.login(username)));
  }

  /** Joins in WATCH mode; the first member gets control if the grant holds something. */
  /**
   * Attaches a member and waits until the customer has the list that names them: it is sent on the
   * joining stream's thread, so without the wait it could arrive after a later barrier line.
   */
  EscalationTest.Staff join(AcceptedSession live, String username) throws InterruptedException {
    EscalationTest.Staff member = live.attach(stub(username));
    live.events()
        .next(
            e ->
                e.hasParticipants()
                    && e.getParticipants().getParticipantsList().stream()
                        .anyMatch(p -> p.getId().equals(username)));
    return member;
  }

  void escalate(AcceptedSession live, String specialist) {
    blocking("ana")
        .escalate(
            EscalateRequest.newBuilder()
                .setSessionId(live.opened().getSessionId())
                .setSpecialist(specialist)
                .build());
  }

  /**
   * Attaches again to a session with a new stream.
   *
   * @return the status the broker ended the stream with
   */
  Status.Code attachAgain(String username, AcceptedSession live) throws Exception {
    // The broker's first answer: an event (it let them in) or the end of the stream.
    CompletableFuture<Object> answer = new CompletableFuture<>();
    stub(username)
        .attach(
            new StreamObserver<AgentEvent>() {
              @Override
              public void onNext(AgentEvent event) {
                answer.complete(event);
              }

              @Override
              public void onError(Throwable t) {
                answer.complete(t);
              }

              @Override
              public void onCompleted() {
                answer.complete("the stream completed without a status");
              }
            })
        .onNext(
            AgentMessage.newBuilder()
                .setJoin(AgentMessage.Join.newBuilder().setSessionId(live.opened().getSessionId()))
                .build());
    Object first = answer.get(10, TimeUnit.SECONDS);
    assertThat(first)
        .as("the broker's answer to %s attaching again", username)
        .isInstanceOf(Throwable.class);
    return Status.fromThrowable((Throwable) first).getCode();
  }

  void assertRemovedAndClosed(AcceptedSession live, EscalationTest.Staff removed, String username)
      throws Exception {
    assertThat(
            removed
                .events()
                .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.REMOVED)
                .getNotice()
                .getMessage())
        .isEqualTo("El cliente lo retiró de la sesión.");
    removed.events().done().get(10, TimeUnit.SECONDS);
    // The last thing the removal sends the customer: the list without the removed member.
    live.events()
        .next(
            e ->
                e.hasParticipants()
                    && e.getParticipants().getParticipantsList().stream()
                        .noneMatch(p -> p.getId().equals(username)));
  }

  static AgentMessage clipboard(String text) {
    return AgentMessage.newBuilder()
        .setRelay(RelayFrame.newBuilder().setClipboard(ClipboardText.newBuilder().setText(text)))
        .build();
  }

  static AgentMessage requestAccess(AccessKind access) {
    return AgentMessage.newBuilder()
        .setControl(
            ControlAction.newBuilder().setKind(ControlAction.Kind.REQUEST).setAccess(access))
        .build();
  }

  static HelperMessage grant(AccessKind... capabilities) {
    return HelperMessage.newBuilder()
        .setGrant(GrantChanged.newBuilder().addAllCapabilities(List.of(capabilities)))
        .build();
  }

  static HelperMessage pause(boolean paused) {
    return HelperMessage.newBuilder()
        .setPause(HelperMessage.Pause.newBuilder().setPaused(paused))
        .build();
  }

  static HelperMessage remove(String participant) {
    return HelperMessage.newBuilder()
        .setRemove(HelperMessage.RemoveParticipant.newBuilder().setParticipantId(participant))
        .build();
  }

  static HelperMessage consent(String promptId, boolean accepted) {
    return HelperMessage.newBuilder()
        .setConsent(
            HelperMessage.ConsentAnswer.newBuilder().setPromptId(promptId).setAccepted(accepted))
        .build();
  }

  static HelperMessage customerChat(String text) {
    return HelperMessage.newBuilder()
        .setRelay(RelayFrame.newBuilder().setChat(puente.v1.ChatMessage.newBuilder().setText(text)))
        .build();
  }

  /** The sender's very next notice is a refusal with this reason. */
  static void assertRefused(EscalationTest.Staff sender, RefusalReason reason)
      throws InterruptedException {
    Notice notice = sender.events().next(AgentEvent::hasNotice).getNotice();
    assertThat(notice.getKind()).isEqualTo(Notice.Kind.REFUSED);
    assertThat(notice.getReason()).isEqualTo(reason);
    assertThat(notice.getMessage()).isNotBlank();
  }

  /** The customer's very next notice is a refusal with this reason. */
  static void assertRefused(AcceptedSession live, RefusalReason reason)
      throws InterruptedException {
    Notice notice = live.events().next(HelperEvent::hasNotice).getNotice();
    assertThat(notice.getKind()).isEqualTo(Notice.Kind.REFUSED);
    assertThat(notice.getReason()).isEqualTo(reason);
  }

  private String nextBarrier() {
    return "barrera " + barriers.incrementAndGet();
  }

  private static boolean isChat(HelperEvent event, String text) {
    return event.hasRelay()
        && event.getRelay().hasChat()
        && event.getRelay().getChat().getText().equals(text);
  }

  private static boolean isChat(AgentEvent event, String text) {
    return event.hasRelay()
        && event.getRelay().hasChat()
        && event.getRelay().getChat().getText().equals(text);
  }

  /** Everything sent to the customer so far has arrived and is skipped. */
  void settleCustomer(AcceptedSession live, EscalationTest.Staff from) throws InterruptedException {
    String text = nextBarrier();
    from.send(EscalationTest.chat(text));
    live.events().next(e -> isChat(e, text));
  }

  /** A chat line sent now is the customer's very next message: nothing got there before it. */
  void nothingElseReachedCustomer(AcceptedSession live, EscalationTest.Staff from)
      throws InterruptedException {
    String text = nextBarrier();
    from.send(EscalationTest.chat(text));
    live.events().nextIs(e -> isChat(e, text), "the chat line '" + text + "', nothing before it");
  }

  /** Everything sent to this member so far has arrived and is skipped. */
  void settleStaff(AcceptedSession live, EscalationTest.Staff to) throws InterruptedException {
    String text = nextBarrier();
    live.send(customerChat(text));
    to.events().next(e -> isChat(e, text));
  }

  /** A chat line the customer sends now is the member's very next message. */
  void nothingElseReachedStaff(AcceptedSession live, EscalationTest.Staff to)
      throws InterruptedException {
    String text = nextBarrier();
    live.send(customerChat(text));
    to.events().nextIs(e -> isChat(e, text), "the chat line '" + text + "', nothing before it");
  }

  static TunnelFrame.Lane laneAt(EscalationTest.Staff holder) throws InterruptedException {
    return holder
        .events()
        .next(e -> e.hasRelay() && e.getRelay().getTunnel().hasLane())
        .getRelay()
        .getTunnel()
        .getLane();
  }

  static TunnelFrame.Lane laneAt(AcceptedSession live) throws InterruptedException {
    return live.events()
        .next(e -> e.hasRelay() && e.getRelay().getTunnel().hasOpen())
        .getRelay()
        .getTunnel()
        .getOpen()
        .getLane();
  }

  List<TimelineEntry> timeline(AcceptedSession live) {
    return fixture.broker().tickets().timeline(live.ticket());
  }

  /** The ticket holds exactly these refusals from this sender, each once (written async). */
  void awaitRefusalsOnTicket(AcceptedSession live, String actor, String... details) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(timeline(live))
                    .filteredOn(e -> e.kind() == EventKind.RELAY_REFUSED && e.actor().equals(actor))
                    .extracting(TimelineEntry::detail)
                    .containsExactlyInAnyOrder(details));
  }

  String metrics() throws IOException {
    try (InputStream in =
        URI.create("http://127.0.0.1:" + fixture.broker().httpPort() + "/metrics")
            .toURL()
            .openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static byte[] pattern(int length, int seed) {
    byte[] bytes = new byte[length];
    new java.util.Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A bounded read sees nothing: it times out after a second. */
  static void assertNothingArrivesWithinASecond(Socket socket) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout(1_000);
    try {
      assertThatThrownBy(() -> socket.getInputStream().read())
          .as("a read on a paused lane")
          .isInstanceOf(SocketTimeoutException.class);
    } finally {
      socket.setSoTimeout(before);
    }
  }

  /**
   * Reads (and drops) what is still on the way until the broker's close shows: end of stream or a
   * reset. Fails if the connection is still open when the time is up.
   */
  static void assertClosedWithin(Socket socket, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    byte[] buffer = new byte[16 * 1024];
    socket.setSoTimeout((int) limit.toMillis());
    try {
      while (System.nanoTime() < deadline) {
        if (socket.getInputStream().read(buffer) < 0) {
          return;
        }
      }
    } catch (SocketException reset) {
      return;
    } catch (SocketTimeoutException open) {
      // Fall through: still open.
    }
    throw new AssertionError("the lane is still open " + limit.toSeconds() + " s later");
  }
}
