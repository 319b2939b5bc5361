package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.ControlAction;
import puente.v1.EndReason;
import puente.v1.EndSessionRequest;
import puente.v1.EscalateRequest;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.InputEvent;
import puente.v1.ListEscalationsRequest;
import puente.v1.ListSessionsRequest;
import puente.v1.Notice;
import puente.v1.OpenSessionResponse;
import puente.v1.RefusalReason;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRegion;

/** Three parties on real sockets: customer, first-line agent, specialist (P15). */
class EscalationTest {
  BrokerFixture fixture;
  SessionFlowTest flow;
  OpenSessionResponse opened;
  SessionFlowTest.ConnectedHelper helper;

  /** A member of staff's stream. */
  record Staff(Recorder<AgentEvent> events, StreamObserver<AgentMessage> out) {
    void send(AgentMessage message) {
      out.onNext(message);
    }

    void control(ControlAction.Kind kind, String to) {
      out.onNext(
          AgentMessage.newBuilder()
              .setControl(ControlAction.newBuilder().setKind(kind).setParticipantId(to))
              .build());
    }
  }

  @BeforeEach
  void openSessionAsAna() throws Exception {
    flow = new SessionFlowTest();
    flow.start("sessions.viewerStallLimit=PT1S");
    fixture = flow.fixture;
    fixture.addAgent("sofia", "Sofía Méndez", Role.SPECIALIST);
    fixture.addAgent("rafa", "Rafael Cruz", Role.SPECIALIST);
    fixture.addAgent("sup", "Supervisora Díaz", Role.SUPERVISOR);
    helper = flow.connectHelper();
    var opening = flow.open(helper.registered().getCode());
    flow.answer(helper, true);
    opened = opening.get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  AgentServiceGrpc.AgentServiceStub stub(String username) {
    return AgentServiceGrpc.newStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(fixture.login(username)));
  }

  AgentServiceGrpc.AgentServiceBlockingStub blocking(String username) {
    return AgentServiceGrpc.newBlockingStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(fixture.login(username)));
  }

  Staff join(String username, AgentMessage.JoinMode mode) throws InterruptedException {
    Recorder<AgentEvent> events = new Recorder<>();
    StreamObserver<AgentMessage> out = stub(username).attach(events);
    out.onNext(
        AgentMessage.newBuilder()
            .setJoin(
                AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()).setMode(mode))
            .build());
    events.next(AgentEvent::hasJoined);
    return new Staff(events, out);
  }

  Staff ana() throws InterruptedException {
    return join("ana", AgentMessage.JoinMode.WATCH);
  }

  void escalate(String specialist) {
    blocking("ana")
        .escalate(
            EscalateRequest.newBuilder()
                .setSessionId(opened.getSessionId())
                .setSpecialist(specialist)
                .setNote("No abre la base de datos después de actualizar")
                .build());
  }

  /** The customer answers a hand-over of control; the session was opened for a tunnel only. */
  void customerAnswers(boolean accept) throws InterruptedException {
    customerAnswers(accept, puente.v1.AccessKind.TUNNEL);
  }

  /** The customer answers a prompt that must name exactly these capabilities. */
  void customerAnswers(boolean accept, puente.v1.AccessKind... named) throws InterruptedException {
    HelperEvent prompt = helper.events().next(HelperEvent::hasConsentPrompt);
    assertThat(prompt.getConsentPrompt().getCapabilitiesList()).containsExactly(named);
    if (!List.of(named).contains(puente.v1.AccessKind.VIEW)) {
      assertThat(prompt.getConsentPrompt().getMessage()).doesNotContain("pantalla");
    }
    helper
        .out()
        .onNext(
            HelperMessage.newBuilder()
                .setConsent(
                    HelperMessage.ConsentAnswer.newBuilder()
                        .setPromptId(prompt.getConsentPrompt().getPromptId())
                        .setAccepted(accept))
                .build());
  }

  List<EventKind> timeline() {
    return fixture.broker().tickets().timeline(Long.parseLong(opened.getTicketId())).stream()
        .map(TimelineEntry::kind)
        .toList();
  }

  static AgentMessage chat(String text) {
    return AgentMessage.newBuilder()
        .setRelay(RelayFrame.newBuilder().setChat(puente.v1.ChatMessage.newBuilder().setText(text)))
        .build();
  }

  static AgentMessage input(int x, int y) {
    return AgentMessage.newBuilder()
        .setRelay(
            RelayFrame.newBuilder()
                .setInput(
                    InputEvent.newBuilder()
                        .setMove(InputEvent.PointerMove.newBuilder().setX(x).setY(y))))
        .build();
  }

  static AgentMessage typed(int codePoint) {
    return AgentMessage.newBuilder()
        .setRelay(RelayFrame.newBuilder().setInput(InputEvent.newBuilder().setTyped(codePoint)))
        .build();
  }

  @Test
  void aTypedCharacterIsInputOnlyTheHolderWithControlReachesTheCustomerIntact() throws Exception {
    Staff ana = ana();
    escalate("sofia");
    Staff sofia = join("sofia", AgentMessage.JoinMode.WATCH);
    // The session was opened for a tunnel: a typed character is refused like any other input.
    ana.send(typed('ñ'));
    assertThat(
            ana.events()
                .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.REFUSED)
                .getNotice()
                .getReason())
        .isEqualTo(RefusalReason.NOT_GRANTED);
    ana.send(
        AgentMessage.newBuilder()
            .setControl(
                ControlAction.newBuilder()
                    .setKind(ControlAction.Kind.REQUEST)
                    .setAccess(puente.v1.AccessKind.CONTROL))
            .build());
    customerAnswers(true, puente.v1.AccessKind.CONTROL);
    ana.events().next(AgentEvent::hasGrant);

    sofia.send(typed('ñ'));
    assertThat(
            sofia
                .events()
                .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.REFUSED)
                .getNotice()
                .getReason())
        .isEqualTo(RefusalReason.NOT_IN_CONTROL);
    ana.send(typed('ñ'));
    ana.send(typed("😀".codePointAt(0)));
    assertThat(helper.events().next(e -> e.hasRelay() && e.getRelay().hasInput()).getRelay())
        .satisfies(r -> assertThat(r.getInput().getTyped()).isEqualTo('ñ'));
    assertThat(helper.events().next(e -> e.hasRelay() && e.getRelay().hasInput()).getRelay())
        .satisfies(r -> assertThat(r.getInput().getTyped()).isEqualTo(0x1F600));
  }

  @Test
  void escalateJoinWatchAskControlGrantLeaveAndTheSpecialistFinishes() throws Exception {
    Staff ana = ana();
    escalate("");
    var queue = blocking("sofia").listEscalations(ListEscalationsRequest.getDefaultInstance());
    assertThat(queue.getEscalationsList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getSessionId()).isEqualTo(opened.getSessionId());
              assertThat(e.getEscalatedBy()).isEqualTo("ana");
              assertThat(e.getNote()).contains("base de datos");
            });

    Staff sofia = join("sofia", AgentMessage.JoinMode.WATCH);
    assertThat(
            helper
                .events()
                .next(e -> e.hasNotice() && e.getNotice().getMessage().startsWith("Sofía"))
                .getNotice()
                .getMessage())
        .isEqualTo("Sofía Méndez (especialista) se unió a la sesión.");
    assertThat(
            blocking("sofia")
                .listEscalations(ListEscalationsRequest.getDefaultInstance())
                .getEscalationsList())
        .isEmpty();

    sofia.control(ControlAction.Kind.REQUEST, "");
    assertThat(
            ana.events()
                .next(e -> e.hasControl() && !e.getControl().getRequester().isEmpty())
                .getControl()
                .getRequester())
        .isEqualTo("sofia");
    ana.control(ControlAction.Kind.GRANT, "sofia");
    customerAnswers(true);
    assertThat(
            sofia
                .events()
                .next(e -> e.hasControl() && e.getControl().getYouHaveControl())
                .getControl()
                .getHolder())
        .isEqualTo("sofia");

    // Ana leaves; the session goes on with Sofía, who now owns it and drives it.
    ana.send(AgentMessage.newBuilder().setLeave(AgentMessage.Leave.getDefaultInstance()).build());
    ana.events().done().get(10, TimeUnit.SECONDS);
    // The customer granted a tunnel only: Sofía's input is refused until the customer allows it.
    sofia.send(input(10, 20));
    assertThat(sofia.events().next(AgentEvent::hasNotice).getNotice().getReason())
        .isEqualTo(RefusalReason.NOT_GRANTED);
    sofia.send(
        AgentMessage.newBuilder()
            .setControl(
                ControlAction.newBuilder()
                    .setKind(ControlAction.Kind.REQUEST)
                    .setAccess(puente.v1.AccessKind.CONTROL))
            .build());
    customerAnswers(true, puente.v1.AccessKind.CONTROL);
    sofia.events().next(AgentEvent::hasGrant);
    sofia.send(input(10, 20));
    assertThat(helper.events().next(HelperEvent::hasRelay).getRelay().getInput().getMove().getX())
        .isEqualTo(10);
    blocking("sofia")
        .endSession(EndSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    assertThat(helper.events().next(HelperEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.ENDED_BY_AGENT);

    assertThat(timeline())
        .containsSubsequence(
            EventKind.SESSION_STARTED,
            EventKind.PARTICIPANT_JOINED,
            EventKind.ESCALATED,
            EventKind.PARTICIPANT_JOINED,
            EventKind.CONTROL_REQUESTED,
            EventKind.CONTROL_REQUESTED,
            EventKind.CONTROL_CHANGED,
            EventKind.PARTICIPANT_LEFT,
            EventKind.SESSION_ENDED);
    String metrics =
        new String(
            java.net
                .URI
                .create("http://127.0.0.1:" + fixture.broker().httpPort() + "/metrics")
                .toURL()
                .openStream()
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    assertThat(metrics)
        .contains("puente_escalations_total 1.0")
        .contains("puente_control_changes_total{change=\"changed\"} 1.0");
  }

  @Test
  void whenControlMovesThePreviousHoldersTunnelChannelsClose() throws Exception {
    Staff ana = ana();
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    var anaLane = ana.events().next(AgentEvent::hasRelay).getRelay().getTunnel().getLane();
    var helperLane =
        helper.events().next(HelperEvent::hasRelay).getRelay().getTunnel().getOpen().getLane();
    Staff sofia;
    try (Socket atAna = SessionFlowTest.joinLane(anaLane);
        Socket atCustomer = SessionFlowTest.joinLane(helperLane)) {
      atAna.getOutputStream().write(7);
      assertThat(atCustomer.getInputStream().read()).isEqualTo(7);

      escalate("sofia");
      sofia = join("sofia", AgentMessage.JoinMode.WATCH);
      ana.control(ControlAction.Kind.GRANT, "sofia");
      customerAnswers(true);
      sofia.events().next(e -> e.hasControl() && e.getControl().getYouHaveControl());

      // Ana's connection and the customer's end of it are closed: nothing more passes.
      assertThat(atAna.getInputStream().read()).isEqualTo(-1);
      assertThat(atCustomer.getInputStream().read()).isEqualTo(-1);
    }
    // Ana no longer opens channels; Sofía does, with the same channel number.
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(2)).build());
    assertThat(ana.events().next(AgentEvent::hasNotice).getNotice().getKind())
        .isEqualTo(Notice.Kind.REFUSED);
    sofia.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    var sofiaLane = sofia.events().next(AgentEvent::hasRelay).getRelay().getTunnel().getLane();
    var customerLane =
        helper.events().next(HelperEvent::hasRelay).getRelay().getTunnel().getOpen().getLane();
    try (Socket atSofia = SessionFlowTest.joinLane(sofiaLane);
        Socket atCustomer = SessionFlowTest.joinLane(customerLane)) {
      atCustomer.getOutputStream().write(9);
      assertThat(atSofia.getInputStream().read()).isEqualTo(9);
    }
  }

  @Test
  void staffHearWhenTheCustomerPausesAndWhenTheyResume() throws Exception {
    Staff ana = ana();
    for (boolean paused : new boolean[] {true, false}) {
      helper
          .out()
          .onNext(
              HelperMessage.newBuilder()
                  .setPause(HelperMessage.Pause.newBuilder().setPaused(paused))
                  .build());
    }
    assertThat(ana.events().next(AgentEvent::hasNotice).getNotice().getKind())
        .isEqualTo(Notice.Kind.PAUSED);
    assertThat(ana.events().next(AgentEvent::hasNotice).getNotice())
        .satisfies(n -> assertThat(n.getKind()).isEqualTo(Notice.Kind.RESUMED))
        .satisfies(n -> assertThat(n.getMessage()).isEqualTo("El cliente reanudó la sesión."));
    assertThat(timeline()).containsSubsequence(EventKind.PAUSED, EventKind.RESUMED);
  }

  @Test
  void theCustomerVetoesAControlRequest() throws Exception {
    Staff ana = ana();
    escalate("sofia");
    Staff sofia = join("sofia", AgentMessage.JoinMode.ASK_CONTROL);
    ana.events().next(e -> e.hasControl() && e.getControl().getRequester().equals("sofia"));
    ana.control(ControlAction.Kind.GRANT, "sofia");
    customerAnswers(false);
    assertThat(sofia.events().next(e -> e.hasNotice()).getNotice().getKind())
        .isEqualTo(Notice.Kind.CONTROL_VETOED);
    // Control stayed with Ana: Sofía's input is refused. The customer granted only a tunnel, so
    // Ana's input is refused too, and nothing reaches the customer's machine.
    sofia.send(input(1, 1));
    assertThat(sofia.events().next(e -> e.hasNotice()).getNotice())
        .satisfies(n -> assertThat(n.getKind()).isEqualTo(Notice.Kind.REFUSED))
        .satisfies(n -> assertThat(n.getReason()).isEqualTo(RefusalReason.NOT_IN_CONTROL));
    ana.send(chat("uno"));
    helper.events().next(e -> e.hasRelay() && e.getRelay().getChat().getText().equals("uno"));
    ana.send(input(2, 2));
    assertThat(
            ana.events()
                .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.REFUSED)
                .getNotice()
                .getReason())
        .isEqualTo(RefusalReason.NOT_GRANTED);
    ana.send(chat("dos"));
    helper
        .events()
        .nextIs(
            e -> e.hasRelay() && e.getRelay().getChat().getText().equals("dos"),
            "Ana's second chat line, with no input before it");
    // A refused frame is written to the ticket off the relay path, a moment later.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(timeline()).contains(EventKind.CONTROL_VETOED, EventKind.RELAY_REFUSED));
  }

  @Test
  void aSpecialistWithoutAnOfferIsRefused() throws Exception {
    ana();
    escalate("sofia");
    Recorder<AgentEvent> events = new Recorder<>();
    stub("rafa")
        .attach(events)
        .onNext(
            AgentMessage.newBuilder()
                .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
                .build());
    assertThatThrownBy(() -> events.done().get(10, TimeUnit.SECONDS))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThatThrownBy(
            () -> blocking("ana").listEscalations(ListEscalationsRequest.getDefaultInstance()))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThat(
            blocking("rafa")
                .listEscalations(ListEscalationsRequest.getDefaultInstance())
                .getEscalationsList())
        .isEmpty();
  }

  @Test
  void theCustomerRemovesAParticipantAndASupervisorSeesAndEndsTheSession() throws Exception {
    Staff ana = ana();
    escalate("");
    Staff sofia = join("sofia", AgentMessage.JoinMode.WATCH);
    helper
        .out()
        .onNext(
            HelperMessage.newBuilder()
                .setRemove(HelperMessage.RemoveParticipant.newBuilder().setParticipantId("sofia"))
                .build());
    assertThat(sofia.events().next(AgentEvent::hasNotice).getNotice().getKind())
        .isEqualTo(Notice.Kind.REMOVED);
    sofia.events().done().get(10, TimeUnit.SECONDS);

    var live = blocking("sup").listSessions(ListSessionsRequest.getDefaultInstance());
    assertThat(live.getSessionsList())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getParticipantsList())
                    .extracting(p -> p.getId())
                    .containsExactly("customer", "ana"));
    assertThatThrownBy(() -> blocking("ana").listSessions(ListSessionsRequest.getDefaultInstance()))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.PERMISSION_DENIED));
    blocking("sup")
        .endSession(EndSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    assertThat(ana.events().next(AgentEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.ENDED_BY_SUPERVISOR);
    assertThat(timeline()).contains(EventKind.PARTICIPANT_REMOVED);
  }

  @Test
  void aStalledViewerNeverSlowsTheOtherViewer() throws Exception {
    Staff ana = ana();
    // The session was opened for a tunnel: Ana asks the customer to see the screen too.
    ana.send(
        AgentMessage.newBuilder()
            .setControl(
                ControlAction.newBuilder()
                    .setKind(ControlAction.Kind.REQUEST)
                    .setAccess(puente.v1.AccessKind.VIEW))
            .build());
    customerAnswers(true, puente.v1.AccessKind.VIEW);
    ana.events()
        .next(
            e ->
                e.hasGrant()
                    && e.getGrant().getCapabilitiesList().contains(puente.v1.AccessKind.VIEW));
    escalate("");
    // Sofía's app stops reading: it asks for one message and no more until the end of the test.
    AtomicLong stalledReceived = new AtomicLong();
    Recorder<AgentEvent> stalledEvents = new Recorder<>();
    AtomicReference<ClientCallStreamObserver<AgentMessage>> stalledReader = new AtomicReference<>();
    var stalled =
        stub("sofia")
            .attach(
                new ClientResponseObserver<AgentMessage, AgentEvent>() {
                  @Override
                  public void beforeStart(ClientCallStreamObserver<AgentMessage> request) {
                    stalledReader.set(request);
                    request.disableAutoRequestWithInitial(1);
                  }

                  @Override
                  public void onNext(AgentEvent value) {
                    stalledReceived.incrementAndGet();
                    stalledEvents.onNext(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    stalledEvents.onError(t);
                  }

                  @Override
                  public void onCompleted() {
                    stalledEvents.onCompleted();
                  }
                });
    stalled.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    org.awaitility.Awaitility.await()
        .until(
            () ->
                blocking("sup")
                        .listSessions(ListSessionsRequest.getDefaultInstance())
                        .getSessions(0)
                        .getParticipantsCount()
                    == 3);

    // The customer shares 64 KiB screen frames for three seconds, paced by the broker.
    byte[] pixels = new byte[64 * 1024];
    new java.util.Random(7).nextBytes(pixels);
    AtomicLong anaFrames = new AtomicLong();
    // Completes when the test interrupts the counter; anything else that stops it fails the test.
    CompletableFuture<Void> counted = new CompletableFuture<>();
    long sent = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    Thread counter =
        new Thread(
            () -> {
              try {
                while (true) {
                  ana.events().next(AgentEvent::hasRelay);
                  anaFrames.incrementAndGet();
                }
              } catch (InterruptedException stopped) {
                counted.complete(null);
              } catch (Throwable failure) {
                counted.completeExceptionally(failure);
              }
            });
    counter.setDaemon(true);
    counter.start();
    ClientCallStreamObserver<HelperMessage> helperOut =
        (ClientCallStreamObserver<HelperMessage>) helper.out();
    while (System.nanoTime() < deadline) {
      if (!helperOut.isReady()) {
        Thread.onSpinWait();
        continue;
      }
      helperOut.onNext(
          HelperMessage.newBuilder()
              .setRelay(
                  RelayFrame.newBuilder()
                      .setScreen(
                          ScreenFrame.newBuilder()
                              .setSequence(++sent)
                              .setFull(sent == 1)
                              .setWidth(1280)
                              .setHeight(800)
                              .addRegions(
                                  ScreenRegion.newBuilder()
                                      .setWidth(128)
                                      .setHeight(128)
                                      .setEncoding(ScreenRegion.Encoding.RGB_DEFLATE)
                                      .setData(ByteString.copyFrom(pixels)))))
              .build());
    }
    long finalSent = sent;
    org.awaitility.Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () -> {
              counted.getNow(null); // throws what stopped the counter early
              return anaFrames.get() >= finalSent - 2;
            });
    counter.interrupt();
    counted.get(10, TimeUnit.SECONDS);
    double rateMiBs = anaFrames.get() * 64.0 / 1024 / 3;
    System.out.printf(
        "stalled viewer: sent %d frames, active viewer got %d (%.1f MiB/s),"
            + " stalled viewer got %d%n",
        sent, anaFrames.get(), rateMiBs, stalledReceived.get());
    // The active viewer received (nearly) every frame; the stalled one a bounded handful.
    assertThat(sent).isGreaterThan(20);
    assertThat(anaFrames.get()).isGreaterThanOrEqualTo(sent - 2);
    assertThat(stalledReceived.get()).isLessThan(sent / 2);
    // Stalled past the limit, the viewer was dropped with a reason on the ticket.
    assertThat(timeline()).contains(EventKind.VIEWER_DROPPED);
    // Reading again, the dropped viewer is told why and its stream ends normally, not in error.
    stalledReader.get().request(Integer.MAX_VALUE);
    stalledEvents.next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.TOO_SLOW);
    stalledEvents.done().get(10, TimeUnit.SECONDS);
  }
}
