package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.client.RefusalStatus;
import puente.v1.AccessKind;
import puente.v1.AddNoteRequest;
import puente.v1.AgentServiceGrpc;
import puente.v1.CloseReason;
import puente.v1.CloseRequest;
import puente.v1.ContactOutcome;
import puente.v1.GetTicketRequest;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.ListQueueRequest;
import puente.v1.LogContactRequest;
import puente.v1.MachineIdentity;
import puente.v1.MarkDuplicateRequest;
import puente.v1.MarkInformationCompleteRequest;
import puente.v1.OpenFollowUpRequest;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;
import puente.v1.Ticket;
import puente.v1.TicketServiceGrpc;
import puente.v1.TicketState;
import puente.v1.TimelineEntry;
import puente.v1.WaitOnCustomerRequest;

/** The ticket service over real sockets against a running broker. */
class TicketServiceTest {
  BrokerFixture fixture;
  TicketServiceGrpc.TicketServiceBlockingStub ana;
  TicketServiceGrpc.TicketServiceBlockingStub beto;

  @BeforeEach
  void start() throws Exception {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN);
    fixture.addAgent("ana", "Ana López", Role.AGENT);
    fixture.addAgent("beto", "Beto Ruiz", Role.AGENT);
    ana =
        TicketServiceGrpc.newBlockingStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(fixture.login("ana")));
    beto =
        TicketServiceGrpc.newBlockingStub(fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(fixture.login("beto")));
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  RegisterResponse register(String machine) {
    return fixture
        .helper()
        .register(
            RegisterRequest.newBuilder()
                .setLicenceKey(BrokerFixture.LICENCE)
                .setProduct("contabilidad")
                .setInstalledVersion("2026.2")
                .setMachine(
                    MachineIdentity.newBuilder().setMachineId(machine).setHostname("CAJA-01"))
                .setOfferedService("127.0.0.1:5900")
                .build());
  }

  static Refusal refusalOf(StatusRuntimeException e) {
    return RefusalStatus.fromThrowable(e).orElseThrow();
  }

  /** Opens a session by code under a category, the customer accepting. */
  OpenSessionResponse openSession(RegisterResponse registered, String category) throws Exception {
    Recorder<HelperEvent> events = new Recorder<>();
    StreamObserver<HelperMessage> out =
        HelperServiceGrpc.newStub(fixture.channel()).connect(events);
    out.onNext(
        HelperMessage.newBuilder()
            .setHello(HelperMessage.Hello.newBuilder().setHelperToken(registered.getHelperToken()))
            .build());
    events.next(HelperEvent::hasWaiting);
    CompletableFuture<OpenSessionResponse> opened = new CompletableFuture<>();
    AgentServiceGrpc.newStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(fixture.login("ana")))
        .openSession(
            OpenSessionRequest.newBuilder()
                .setCode(registered.getCode())
                .setAccess(AccessKind.TUNNEL)
                .setCategory(category)
                .build(),
            new StreamObserver<>() {
              @Override
              public void onNext(OpenSessionResponse value) {
                opened.complete(value);
              }

              @Override
              public void onError(Throwable t) {
                opened.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {}
            });
    HelperEvent prompt = events.next(HelperEvent::hasConsentPrompt);
    out.onNext(
        HelperMessage.newBuilder()
            .setConsent(
                HelperMessage.ConsentAnswer.newBuilder()
                    .setPromptId(prompt.getConsentPrompt().getPromptId())
                    .setAccepted(true))
            .build());
    return opened.get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("an agent works a case from the queue to closing; every step is on the timeline")
  void dailyWorkFromQueueToClose() throws Exception {
    RegisterResponse registered = register("m-1");
    OpenSessionResponse session = openSession(registered, "import-request");
    String id = session.getTicketId();

    Ticket queued = ana.listQueue(ListQueueRequest.getDefaultInstance()).getTickets(0);
    assertThat(queued.getTicketId()).isEqualTo(id);
    assertThat(queued.getState()).isEqualTo(TicketState.TICKET_STATE_IN_PROGRESS);
    assertThat(queued.getCategory()).isEqualTo("import-request");
    assertThat(queued.getPriority()).isEqualTo(4);
    assertThat(queued.getAssignee()).isEqualTo("ana");
    assertThat(queued.getAcknowledged()).isTrue();
    assertThat(beto.listQueue(ListQueueRequest.getDefaultInstance()).getTicketsList()).isEmpty();

    ana.addNote(
        AddNoteRequest.newBuilder().setTicketId(id).setText("pide importar de COI").build());
    Ticket waiting =
        ana.waitOnCustomer(
                WaitOnCustomerRequest.newBuilder()
                    .setTicketId(id)
                    .setNote("falta el catálogo de cuentas")
                    .build())
            .getTicket();
    assertThat(waiting.getState()).isEqualTo(TicketState.TICKET_STATE_WAITING_ON_CUSTOMER);
    assertThat(waiting.hasSilenceEndsAt()).isTrue();
    beto.logContact(
        LogContactRequest.newBuilder()
            .setTicketId(id)
            .setOutcome(ContactOutcome.CONTACT_NO_ANSWER)
            .setNote("buzón")
            .build());
    Ticket complete =
        ana.markInformationComplete(
                MarkInformationCompleteRequest.newBuilder()
                    .setTicketId(id)
                    .setNote("llegó por correo")
                    .build())
            .getTicket();
    assertThat(complete.getState()).isEqualTo(TicketState.TICKET_STATE_IN_PROGRESS);
    assertThat(complete.hasDueAt()).isTrue();
    Ticket closed =
        ana.close(
                CloseRequest.newBuilder()
                    .setTicketId(id)
                    .setReason(CloseReason.CLOSE_REASON_SOLVED_BY_AGREEMENT)
                    .setNote("importado")
                    .build())
            .getTicket();
    assertThat(closed.getState()).isEqualTo(TicketState.TICKET_STATE_CLOSED);
    assertThat(closed.getCloseReason()).isEqualTo(CloseReason.CLOSE_REASON_SOLVED_BY_AGREEMENT);

    var detail = ana.getTicket(GetTicketRequest.newBuilder().setTicketId(id).build());
    assertThat(detail.getTimelineList())
        .extracting(TimelineEntry::getKind)
        .containsSubsequence(
            "TICKET_OPENED",
            "CONSENT_REQUESTED",
            "SESSION_STARTED",
            "NOTE",
            "WAITING_ON_CUSTOMER",
            "CONTACT_ATTEMPT",
            "INFORMATION_COMPLETE",
            "CLOSED");
    assertThat(detail.getTimelineList())
        .filteredOn(e -> e.getKind().equals("CONTACT_ATTEMPT"))
        .extracting(TimelineEntry::getActor)
        .containsExactly("beto");
  }

  @Test
  @DisplayName("P20 a closed case is not reopened: refused in es-MX or en, then followed up")
  void closedCaseRefusedThenFollowedUp() {
    String id = register("m-1").getTicketId();
    ana.close(
        CloseRequest.newBuilder()
            .setTicketId(id)
            .setReason(CloseReason.CLOSE_REASON_WITHDRAWN)
            .build());
    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> ana.waitOnCustomer(WaitOnCustomerRequest.newBuilder().setTicketId(id).build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusalOf(refused).getReason()).isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
    assertThat(refusalOf(refused).getMessage()).contains("ya está cerrado y no se reabre");

    Metadata english = new Metadata();
    english.put(Metadata.Key.of("accept-language", Metadata.ASCII_STRING_MARSHALLER), "en");
    StatusRuntimeException inEnglish =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                ana.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(english))
                    .waitOnCustomer(WaitOnCustomerRequest.newBuilder().setTicketId(id).build()));
    assertThat(refusalOf(inEnglish).getMessage()).contains("is closed and is never reopened");

    Ticket followUp =
        ana.openFollowUp(
                OpenFollowUpRequest.newBuilder()
                    .setTicketId(id)
                    .setNote("ahora pregunta por la nómina")
                    .build())
            .getTicket();
    assertThat(followUp.getFollows()).isEqualTo(id);
    assertThat(followUp.getState()).isEqualTo(TicketState.TICKET_STATE_NEW);
  }

  @Test
  @DisplayName(
      "P21 a second registration of the same machine lands on the same open ticket;"
          + " a duplicate closes with a link")
  void sameCaseTwiceAndDuplicates() {
    RegisterResponse first = register("m-1");
    RegisterResponse again = register("m-1");
    assertThat(again.getTicketId()).isEqualTo(first.getTicketId());
    assertThat(again.getCode()).isNotEqualTo(first.getCode());
    String other = register("m-2").getTicketId();
    Ticket duplicate =
        ana.markDuplicate(
                MarkDuplicateRequest.newBuilder()
                    .setTicketId(other)
                    .setDuplicateOf(first.getTicketId())
                    .build())
            .getTicket();
    assertThat(duplicate.getCloseReason()).isEqualTo(CloseReason.CLOSE_REASON_DUPLICATE);
    assertThat(duplicate.getDuplicateOf()).isEqualTo(first.getTicketId());
  }

  @Test
  @DisplayName("unknown tickets, bad ids and missing tokens get their reason codes")
  void refusalsCarryReasonCodes() {
    StatusRuntimeException missing =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> ana.getTicket(GetTicketRequest.newBuilder().setTicketId("424242").build()));
    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(refusalOf(missing).getReason()).isEqualTo(RefusalReason.TICKET_NOT_FOUND);
    assertThat(refusalOf(missing).getMessage()).isEqualTo("No existe el caso 424242.");

    StatusRuntimeException bad =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> ana.getTicket(GetTicketRequest.newBuilder().setTicketId("abc").build()));
    assertThat(refusalOf(bad).getReason()).isEqualTo(RefusalReason.INVALID_REQUEST);

    StatusRuntimeException anonymous =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                TicketServiceGrpc.newBlockingStub(fixture.channel())
                    .listQueue(ListQueueRequest.getDefaultInstance()));
    assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }
}
