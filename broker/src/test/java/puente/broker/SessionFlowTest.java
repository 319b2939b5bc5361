package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.SessionRecord;
import puente.broker.ticket.TimelineEntry;
import puente.client.Endpoint;
import puente.client.LaneDialer;
import puente.client.RefusalStatus;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndReason;
import puente.v1.EndSessionRequest;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.MachineIdentity;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

class SessionFlowTest {
  /** Tuesday 24 November 2026, 10:00 in Mexico City: the office is open. */
  static final Clock OFFICE_OPEN =
      Clock.fixed(Instant.parse("2026-11-24T16:00:00Z"), ZoneOffset.UTC);

  BrokerFixture fixture;
  AgentServiceGrpc.AgentServiceStub agent;
  AgentServiceGrpc.AgentServiceBlockingStub agentBlocking;

  @BeforeEach
  void start() throws Exception {
    start("sessions.queueTimeout=PT1S");
  }

  void start(String... overrides) throws Exception {
    fixture = BrokerFixture.start(OFFICE_OPEN, overrides);
    loginAna();
  }

  /** Starts the broker on manual time, standing at {@link #OFFICE_OPEN} until advanced. */
  void start(ManualTime time, String... overrides) throws Exception {
    fixture = BrokerFixture.start(time, overrides);
    loginAna();
  }

  private void loginAna() {
    fixture.addAgent("ana", "Ana López", Role.AGENT);
    String token = fixture.login("ana");
    agent =
        AgentServiceGrpc.newStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(token));
    agentBlocking =
        AgentServiceGrpc.newBlockingStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(token));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  static RegisterRequest registration(String licence) {
    return RegisterRequest.newBuilder()
        .setLicenceKey(licence)
        .setProduct("contabilidad")
        .setInstalledVersion("2026.2")
        .setMachine(MachineIdentity.newBuilder().setMachineId("m-1").setHostname("CAJA-01"))
        .setOfferedService("127.0.0.1:5900")
        .build();
  }

  /** A helper registered and connected, waiting for an agent. */
  record ConnectedHelper(
      RegisterResponse registered,
      Recorder<HelperEvent> events,
      StreamObserver<HelperMessage> out) {}

  ConnectedHelper connectHelper() throws InterruptedException {
    return connectHelper(registration(BrokerFixture.LICENCE));
  }

  /** Registers with {@code registration}, connects, and waits until the broker says it waits. */
  ConnectedHelper connectHelper(RegisterRequest registration) throws InterruptedException {
    RegisterResponse registered = fixture.helper().register(registration);
    Recorder<HelperEvent> events = new Recorder<>();
    StreamObserver<HelperMessage> out =
        HelperServiceGrpc.newStub(fixture.channel()).connect(events);
    out.onNext(
        HelperMessage.newBuilder()
            .setHello(HelperMessage.Hello.newBuilder().setHelperToken(registered.getHelperToken()))
            .build());
    events.next(HelperEvent::hasWaiting);
    return new ConnectedHelper(registered, events, out);
  }

  java.util.concurrent.CompletableFuture<OpenSessionResponse> open(String code) {
    return open(code, AccessKind.TUNNEL);
  }

  java.util.concurrent.CompletableFuture<OpenSessionResponse> open(String code, AccessKind access) {
    return open(OpenSessionRequest.newBuilder().setCode(code).setAccess(access).build());
  }

  /** Opens a session as Ana; completes with the answer once the customer decided. */
  java.util.concurrent.CompletableFuture<OpenSessionResponse> open(OpenSessionRequest request) {
    java.util.concurrent.CompletableFuture<OpenSessionResponse> result =
        new java.util.concurrent.CompletableFuture<>();
    agent.openSession(
        request,
        new StreamObserver<>() {
          @Override
          public void onNext(OpenSessionResponse value) {
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    return result;
  }

  void answer(ConnectedHelper helper, boolean accept) throws InterruptedException {
    HelperEvent prompt = helper.events().next(HelperEvent::hasConsentPrompt);
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

  /** A tunnel channel's open, as the agent's app sends it for a new local connection. */
  static RelayFrame openChannel(int channel) {
    return RelayFrame.newBuilder()
        .setTunnel(
            TunnelFrame.newBuilder()
                .setChannel(channel)
                .setOpen(TunnelFrame.Open.getDefaultInstance()))
        .build();
  }

  /** Connects one end of a channel to the broker's data port with the lane it was given. */
  static Socket joinLane(TunnelFrame.Lane lane) throws IOException {
    Socket socket = LaneDialer.forBroker(new Endpoint("127.0.0.1", 7480), null, false).dial(lane);
    socket.setSoTimeout(10_000);
    return socket;
  }

  static String readAll(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  static RefusalReason reasonOf(Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.ExecutionException ? failure.getCause() : failure;
    return RefusalStatus.fromThrowable(cause).orElseThrow().getReason();
  }

  @Test
  void opensByCodeAfterConsentRelaysBothWaysAndLogsEverythingOnTheTicket() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    HelperEvent prompt = helper.events().next(HelperEvent::hasConsentPrompt);
    assertThat(prompt.getConsentPrompt().getMessage())
        .contains("Ana López")
        .contains("¿Lo permite?");
    assertThat(opening).isNotDone();
    helper
        .out()
        .onNext(
            HelperMessage.newBuilder()
                .setConsent(
                    HelperMessage.ConsentAnswer.newBuilder()
                        .setPromptId(prompt.getConsentPrompt().getPromptId())
                        .setAccepted(true))
                .build());
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    assertThat(opened.getCustomerName()).isEqualTo("Contadores Rivera SC");
    assertThat(opened.getTicketId()).isEqualTo(helper.registered().getTicketId());
    helper.events().next(HelperEvent::hasStarted);

    Recorder<AgentEvent> agentEvents = new Recorder<>();
    StreamObserver<AgentMessage> agentOut = agent.attach(agentEvents);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    assertThat(agentEvents.next(AgentEvent::hasJoined).getJoined().getHasControl()).isTrue();
    HelperEvent participants = helper.events().next(HelperEvent::hasParticipants);
    assertThat(participants.getParticipants().getParticipantsList())
        .extracting(p -> p.getId())
        .containsExactly("customer", "ana");

    agentOut.onNext(AgentMessage.newBuilder().setRelay(openChannel(1)).build());
    TunnelFrame atAgent = agentEvents.next(AgentEvent::hasRelay).getRelay().getTunnel();
    TunnelFrame atHelper = helper.events().next(HelperEvent::hasRelay).getRelay().getTunnel();
    assertThat(atAgent.getLane().getPort()).isEqualTo(fixture.broker().dataPort());
    assertThat(atHelper.getOpen().getLane().getToken()).isNotEqualTo(atAgent.getLane().getToken());
    try (Socket agentLane = joinLane(atAgent.getLane());
        Socket helperLane = joinLane(atHelper.getOpen().getLane())) {
      agentLane.getOutputStream().write("hola".getBytes(StandardCharsets.UTF_8));
      agentLane.shutdownOutput();
      assertThat(readAll(helperLane)).isEqualTo("hola");
      helperLane.getOutputStream().write("buenos días".getBytes(StandardCharsets.UTF_8));
      helperLane.shutdownOutput();
      assertThat(readAll(agentLane)).isEqualTo("buenos días");
    }

    agentBlocking.endSession(
        EndSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
    assertThat(helper.events().next(HelperEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.ENDED_BY_AGENT);
    assertThat(agentEvents.next(AgentEvent::hasEnded).getEnded().getMessage())
        .isEqualTo("El agente terminó la sesión.");
    helper.events().done().get(10, TimeUnit.SECONDS);

    SessionRecord session = fixture.broker().tickets().session(opened.getSessionId()).orElseThrow();
    assertThat(session.state()).isEqualTo("ENDED");
    assertThat(session.endReason()).isEqualTo("ENDED_BY_AGENT");
    assertThat(session.bytesToCustomer()).isEqualTo(4);
    assertThat(session.bytesToAgent())
        .isEqualTo("buenos días".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    List<TimelineEntry> timeline =
        fixture.broker().tickets().timeline(Long.parseLong(opened.getTicketId()));
    assertThat(timeline)
        .extracting(TimelineEntry::kind)
        .containsExactly(
            EventKind.TICKET_OPENED,
            EventKind.CONSENT_REQUESTED,
            EventKind.CONSENT_GIVEN,
            EventKind.SESSION_STARTED,
            EventKind.PARTICIPANT_JOINED,
            EventKind.SESSION_ENDED);
  }

  @Test
  void endingTheSessionClosesItsTunnelChannelsAndOnlyStaffOpenThem() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    answer(helper, true);
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    Recorder<AgentEvent> agentEvents = new Recorder<>();
    StreamObserver<AgentMessage> agentOut = agent.attach(agentEvents);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    agentEvents.next(AgentEvent::hasJoined);

    // The customer's side cannot open a channel towards the agent.
    helper.out().onNext(HelperMessage.newBuilder().setRelay(openChannel(5)).build());

    agentOut.onNext(AgentMessage.newBuilder().setRelay(openChannel(1)).build());
    TunnelFrame atAgent = agentEvents.next(AgentEvent::hasRelay).getRelay().getTunnel();
    TunnelFrame atHelper = helper.events().next(HelperEvent::hasRelay).getRelay().getTunnel();
    assertThat(atHelper.getChannel()).isEqualTo(1);
    // A second open of a channel number in use is answered with a close, not a second lane.
    agentOut.onNext(AgentMessage.newBuilder().setRelay(openChannel(1)).build());
    assertThat(agentEvents.next(AgentEvent::hasRelay).getRelay().getTunnel().getClose().getError())
        .contains("channel 1 is open");
    try (Socket agentLane = joinLane(atAgent.getLane());
        Socket helperLane = joinLane(atHelper.getOpen().getLane())) {
      agentLane.getOutputStream().write(1);
      assertThat(helperLane.getInputStream().read()).isEqualTo(1);
      agentBlocking.endSession(
          EndSessionRequest.newBuilder().setSessionId(opened.getSessionId()).build());
      assertThat(helperLane.getInputStream().read()).isEqualTo(-1);
      assertThat(agentLane.getInputStream().read()).isEqualTo(-1);
    }
    // A refused frame is written to the ticket off the relay path, a moment later.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        fixture.broker().tickets().timeline(Long.parseLong(opened.getTicketId())))
                    .filteredOn(e -> e.kind() == EventKind.RELAY_REFUSED)
                    .singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("TUNNEL_OPEN WRONG_SENDER")));
  }

  @Test
  void nothingIsRelayedBeforeTheCustomerAccepts() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    helper.events().next(HelperEvent::hasConsentPrompt);
    // A helper that tries to push bytes before consent: refused by the broker, logged once.
    helper.out().onNext(HelperMessage.newBuilder().setRelay(openChannel(1)).build());
    helper
        .out()
        .onNext(
            HelperMessage.newBuilder()
                .setEnd(HelperMessage.EndSession.getDefaultInstance())
                .build());
    assertThatThrownBy(() -> opening.get(10, TimeUnit.SECONDS))
        .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(RefusalReason.SESSION_ENDED));
    long ticket = Long.parseLong(helper.registered().getTicketId());
    assertThat(fixture.broker().tickets().timeline(ticket))
        .extracting(TimelineEntry::kind)
        .contains(EventKind.RELAY_REFUSED);
    assertThat(
            fixture.broker().tickets().timeline(ticket).stream()
                .filter(e -> e.kind() == EventKind.SESSION_ENDED)
                .findFirst()
                .orElseThrow()
                .detail())
        .startsWith("ENDED_BY_CUSTOMER")
        .contains("bytes_to_agent=0");
  }

  @Test
  void consentRefusedIsAReasonCodeForTheAgentAndIsOnTheTicket() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    answer(helper, false);
    assertThatThrownBy(() -> opening.get(10, TimeUnit.SECONDS))
        .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(RefusalReason.CONSENT_REFUSED))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getDescription())
                    .isEqualTo("El cliente no aceptó la sesión remota."));
    assertThat(helper.events().next(HelperEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.CONSENT_DECLINED);
    long ticket = Long.parseLong(helper.registered().getTicketId());
    assertThat(fixture.broker().tickets().timeline(ticket))
        .extracting(TimelineEntry::kind)
        .containsSubsequence(
            EventKind.CONSENT_REQUESTED, EventKind.CONSENT_DECLINED, EventKind.SESSION_ENDED);
  }

  @Test
  void unknownLicenceIsRefusedCountedAndOpensNoTicket() throws Exception {
    assertThatThrownBy(() -> fixture.helper().register(registration("LIC-NOPE")))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(RefusalReason.LICENCE_UNKNOWN))
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.FAILED_PRECONDITION))
        .hasMessageContaining("No encontramos la clave de licencia LIC-NOPE");
    assertThat(fixture.broker().tickets().liveSessionCount()).isZero();
    // P1: anyone can send an unknown key; the refusal is counted, never a ticket.
    assertThat(fixture.ticketCount()).isZero();
    String metrics =
        new String(
            java.net
                .URI
                .create("http://127.0.0.1:" + fixture.broker().httpPort() + "/metrics")
                .toURL()
                .openStream()
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(metrics).contains("puente_sessions_refused_total{reason=\"LICENCE_UNKNOWN\"} 1.0");
  }

  @Test
  void wrongAndReusedCodesGetTheSameAnswer() throws Exception {
    ConnectedHelper helper = connectHelper();
    var first = open(helper.registered().getCode());
    answer(helper, true);
    first.get(10, TimeUnit.SECONDS);

    Throwable wrong = catchFailure(open("000 000 001"));
    Throwable reused = catchFailure(open(helper.registered().getCode()));
    Throwable garbage = catchFailure(open("not a code"));
    for (Throwable failure : List.of(wrong, reused, garbage)) {
      assertThat(reasonOf(failure)).isEqualTo(RefusalReason.CODE_INVALID);
      assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.NOT_FOUND);
      assertThat(Status.fromThrowable(failure).getDescription())
          .isEqualTo(Status.fromThrowable(wrong).getDescription());
    }
    assertThat(
            fixture.broker().tickets().timeline(Long.parseLong(helper.registered().getTicketId())))
        .extracting(TimelineEntry::kind)
        .contains(EventKind.CODE_REUSED);
  }

  @Test
  void unauthenticatedCallsFail() {
    var anonymous = AgentServiceGrpc.newBlockingStub(fixture.channel());
    assertThatThrownBy(
            () ->
                anonymous.openSession(OpenSessionRequest.newBuilder().setCode("123456789").build()))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED))
        .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(RefusalReason.UNAUTHENTICATED));
    var forged = anonymous.withCallCredentials(BrokerFixture.bearer("forged-token"));
    assertThatThrownBy(
            () -> forged.endSession(EndSessionRequest.newBuilder().setSessionId("x").build()))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void wrongPasswordsAreCountedAndThrottledPerUserAndAddress() throws Exception {
    var anonymous = AgentServiceGrpc.newBlockingStub(fixture.channel());
    java.util.function.Function<String, Throwable> login =
        password ->
            catchThrowable(
                () ->
                    anonymous.login(
                        puente.v1.LoginRequest.newBuilder()
                            .setUsername("ana")
                            .setPassword(password)
                            .build()));
    for (int i = 0; i < 4; i++) {
      assertThat(reasonOf(login.apply("adivina-" + i))).isEqualTo(RefusalReason.UNAUTHENTICATED);
    }
    // Now even the right password waits: guessing costs time, and the wait is said.
    Throwable throttled = login.apply(BrokerFixture.PASSWORD);
    assertThat(reasonOf(throttled)).isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(RefusalStatus.fromThrowable(throttled).orElseThrow().getMessage())
        .contains("Espere");
    String metrics =
        new String(
            java.net
                .URI
                .create("http://127.0.0.1:" + fixture.broker().httpPort() + "/metrics")
                .toURL()
                .openStream()
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(metrics)
        .contains("puente_sessions_refused_total{reason=\"UNAUTHENTICATED\"} 4.0")
        .contains("puente_sessions_refused_total{reason=\"TOO_MANY_ATTEMPTS\"} 1.0");
  }

  @Test
  void repeatedFailuresAreThrottledWithAGrowingWait() {
    for (int i = 0; i < 3; i++) {
      assertThat(reasonOf(catchFailure(open("111 111 11" + i))))
          .isEqualTo(RefusalReason.CODE_INVALID);
    }
    // The fourth failure costs a wait; the next attempt is refused without looking at the code.
    assertThat(reasonOf(catchFailure(open("111 111 113")))).isEqualTo(RefusalReason.CODE_INVALID);
    Throwable throttled = catchFailure(open("111 111 114"));
    assertThat(reasonOf(throttled)).isEqualTo(RefusalReason.TOO_MANY_ATTEMPTS);
    assertThat(Status.fromThrowable(throttled).getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(RefusalStatus.fromThrowable(throttled).orElseThrow().getRetryAfterMillis())
        .isPositive();
  }

  static Throwable catchFailure(java.util.concurrent.CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void aVanishedCustomerEndsTheSessionAndTheAgentIsTold() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    answer(helper, true);
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    Recorder<AgentEvent> agentEvents = new Recorder<>();
    StreamObserver<AgentMessage> agentOut = agent.attach(agentEvents);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    agentEvents.next(AgentEvent::hasJoined);

    helper.out().onError(Status.CANCELLED.withDescription("power cut").asRuntimeException());

    AgentEvent ended = agentEvents.next(AgentEvent::hasEnded);
    assertThat(ended.getEnded().getReason()).isEqualTo(EndReason.CUSTOMER_VANISHED);
    assertThat(ended.getEnded().getMessage())
        .isEqualTo("Se perdió la conexión con el equipo del cliente.");
    agentEvents.done().get(10, TimeUnit.SECONDS);
    SessionRecord session = fixture.broker().tickets().session(opened.getSessionId()).orElseThrow();
    assertThat(session.endReason()).isEqualTo("CUSTOMER_VANISHED");
  }

  @Test
  void aVanishedAgentEndsTheSessionAndTheCustomerIsTold() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    answer(helper, true);
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    Recorder<AgentEvent> agentEvents = new Recorder<>();
    StreamObserver<AgentMessage> agentOut = agent.attach(agentEvents);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    agentEvents.next(AgentEvent::hasJoined);

    agentOut.onError(Status.CANCELLED.withDescription("laptop closed").asRuntimeException());

    // Nobody from staff is left: the customer is told the session waits for someone else...
    assertThat(
            helper
                .events()
                .next(
                    e ->
                        e.hasNotice()
                            && e.getNotice().getKind() == puente.v1.Notice.Kind.RETURNED_TO_QUEUE)
                .getNotice()
                .getMessage())
        .startsWith("Su agente se desconectó.");
    // ...and when nobody joins within the queue timeout, it ends with the reason.
    HelperEvent ended = helper.events().next(HelperEvent::hasEnded);
    assertThat(ended.getEnded().getReason()).isEqualTo(EndReason.AGENT_VANISHED);
    assertThat(ended.getEnded().getMessage()).isEqualTo("Se perdió la conexión con el agente.");
    helper.events().done().get(10, TimeUnit.SECONDS);
    assertThat(fixture.broker().tickets().timeline(Long.parseLong(opened.getTicketId())))
        .extracting(TimelineEntry::kind)
        .containsSubsequence(
            EventKind.PARTICIPANT_JOINED,
            EventKind.PARTICIPANT_LEFT,
            EventKind.RETURNED_TO_QUEUE,
            EventKind.SESSION_ENDED);
  }

  @Test
  void anotherAgentCannotAttachToASessionTheyDidNotOpen() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    answer(helper, true);
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    fixture.addAgent("beto", "Beto Ruiz", Role.AGENT);
    var other =
        AgentServiceGrpc.newStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(fixture.login("beto")));
    for (String sessionId :
        List.of(opened.getSessionId(), "00000000-0000-0000-0000-000000000000")) {
      Recorder<AgentEvent> events = new Recorder<>();
      other
          .attach(events)
          .onNext(
              AgentMessage.newBuilder()
                  .setJoin(AgentMessage.Join.newBuilder().setSessionId(sessionId))
                  .build());
      assertThatThrownBy(() -> events.done().get(10, TimeUnit.SECONDS))
          .satisfies(
              e ->
                  assertThat(Status.fromThrowable(e.getCause()).getCode())
                      .isEqualTo(Status.Code.PERMISSION_DENIED));
    }
  }

  @Test
  void p11ASqlPasswordInChatIsMaskedAndTheAttemptLogged() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode());
    answer(helper, true);
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    Recorder<AgentEvent> agentEvents = new Recorder<>();
    StreamObserver<AgentMessage> agentOut = agent.attach(agentEvents);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    agentEvents.next(AgentEvent::hasJoined);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setRelay(
                RelayFrame.newBuilder()
                    .setChat(
                        puente.v1.ChatMessage.newBuilder()
                            .setFrom("forged")
                            .setText("la contraseña de sa es Secreta123")))
            .build());
    HelperEvent chat = helper.events().next(e -> e.hasRelay() && e.getRelay().hasChat());
    assertThat(chat.getRelay().getChat().getText()).isEqualTo("la contraseña de sa es [oculto]");
    assertThat(chat.getRelay().getChat().getFrom()).isEqualTo("Ana López");
    // The masking is written to the ticket off the relay path, a moment later.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        fixture.broker().tickets().timeline(Long.parseLong(opened.getTicketId())))
                    .filteredOn(e -> e.kind() == EventKind.SECRET_REDACTED)
                    .singleElement()
                    .satisfies(e -> assertThat(e.detail()).doesNotContain("Secreta123")));
  }

  @Test
  void aSessionOpenedForViewingGivesNobodyControl() throws Exception {
    ConnectedHelper helper = connectHelper();
    var opening = open(helper.registered().getCode(), AccessKind.VIEW);
    answer(helper, true);
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    Recorder<AgentEvent> agentEvents = new Recorder<>();
    StreamObserver<AgentMessage> agentOut = agent.attach(agentEvents);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    assertThat(agentEvents.next(AgentEvent::hasJoined).getJoined().getHasControl()).isFalse();
    agentOut.onNext(AgentMessage.newBuilder().setRelay(openChannel(1)).build());
    assertThat(agentEvents.next(AgentEvent::hasNotice).getNotice().getKind())
        .isEqualTo(puente.v1.Notice.Kind.REFUSED);
  }
}
