package puente.agent.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import puente.agent.TimeText;
import puente.client.ExitCode;
import puente.client.Locales;
import puente.client.Messages;
import puente.client.RefusalStatus;
import puente.v1.CloseReason;
import puente.v1.CloseRequest;
import puente.v1.ContactOutcome;
import puente.v1.DueStatus;
import puente.v1.GetTicketRequest;
import puente.v1.HandToDevelopmentRequest;
import puente.v1.ListQueueRequest;
import puente.v1.ListQueueResponse;
import puente.v1.ListTicketsRequest;
import puente.v1.ListTicketsResponse;
import puente.v1.LogContactRequest;
import puente.v1.MarkDuplicateRequest;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.Ticket;
import puente.v1.TicketDetail;
import puente.v1.TicketResponse;
import puente.v1.TicketServiceGrpc;
import puente.v1.TicketState;
import puente.v1.TimelineEntry;
import puente.v1.WaitOnCustomerRequest;

/**
 * The {@code tickets} commands against a gRPC server on 127.0.0.1 that records what it is asked and
 * answers like the broker (the broker's own behaviour is tested in the broker module).
 */
class TicketsCommandTest {
  static final Timestamp NOV_24 = Timestamp.newBuilder().setSeconds(1795536000L).build();

  final List<Message> received = new CopyOnWriteArrayList<>();
  Server server;
  ManagedChannel channel;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  static Ticket ticket(String id, TicketState state) {
    return Ticket.newBuilder()
        .setTicketId(id)
        .setState(state)
        .setPriority(1)
        .setCustomerName("Contadores Rivera SC")
        .setLicenceKey("LIC-1")
        .setHostname("CAJA-01")
        .setProduct("contabilidad")
        .setInstalledVersion("2026.2")
        .setOpenedAt(NOV_24)
        .setAcknowledgedAt(NOV_24)
        .setAcknowledged(true)
        .setAgeSeconds(7_500)
        .build();
  }

  /** Answers like the broker for case 12; case 7 is closed and refuses changes. */
  final class Desk extends TicketServiceGrpc.TicketServiceImplBase {
    @Override
    public void listQueue(ListQueueRequest r, StreamObserver<ListQueueResponse> o) {
      received.add(r);
      o.onNext(
          ListQueueResponse.newBuilder()
              .addTickets(
                  ticket("12", TicketState.TICKET_STATE_IN_PROGRESS).toBuilder()
                      .setDueAt(NOV_24)
                      .setDueStatus(DueStatus.DUE_STATUS_NEAR_DUE))
              .addTickets(ticket("15", TicketState.TICKET_STATE_NEW).toBuilder().setPriority(0))
              .build());
      o.onCompleted();
    }

    @Override
    public void listTickets(ListTicketsRequest r, StreamObserver<ListTicketsResponse> o) {
      received.add(r);
      o.onNext(
          ListTicketsResponse.newBuilder()
              .addTickets(ticket("3", TicketState.TICKET_STATE_CLOSED))
              .addTickets(ticket("2", TicketState.TICKET_STATE_CLOSED))
              .setPage(r.getPage())
              .setSize(r.getSize())
              .setTotal(5)
              .build());
      o.onCompleted();
    }

    @Override
    public void getTicket(GetTicketRequest r, StreamObserver<TicketDetail> o) {
      received.add(r);
      if (r.getTicketId().equals("66")) {
        o.onNext(forged());
        o.onCompleted();
        return;
      }
      o.onNext(
          TicketDetail.newBuilder()
              .setTicket(
                  ticket(r.getTicketId(), TicketState.TICKET_STATE_WAITING_ON_CUSTOMER).toBuilder()
                      .setWaitingSince(NOV_24)
                      .setSilenceEndsAt(NOV_24)
                      .setContactAttempts(1)
                      .setAssignee("ana"))
              .addTimeline(
                  TimelineEntry.newBuilder()
                      .setAt(NOV_24)
                      .setActor("customer")
                      .setKind("TICKET_OPENED")
                      .setDetail("contabilidad 2026.2 @ CAJA-01"))
              .addTimeline(
                  TimelineEntry.newBuilder()
                      .setAt(NOV_24)
                      .setActor("ana")
                      .setKind("CONTACT_ATTEMPT")
                      .setDetail("NO_ANSWER attempt=1/2"))
              .build());
      o.onCompleted();
    }

    @Override
    public void waitOnCustomer(WaitOnCustomerRequest r, StreamObserver<TicketResponse> o) {
      received.add(r);
      if (r.getTicketId().equals("7")) {
        o.onError(
            RefusalStatus.toException(
                Status.Code.FAILED_PRECONDITION,
                Refusal.newBuilder()
                    .setReason(RefusalReason.TICKET_TRANSITION_REFUSED)
                    .setMessage("El caso 7 ya está cerrado y no se reabre.")
                    .build()));
        return;
      }
      changed(r.getTicketId(), TicketState.TICKET_STATE_WAITING_ON_CUSTOMER, o);
    }

    @Override
    public void logContact(LogContactRequest r, StreamObserver<TicketResponse> o) {
      received.add(r);
      changed(r.getTicketId(), TicketState.TICKET_STATE_WAITING_ON_CUSTOMER, o);
    }

    @Override
    public void markDuplicate(MarkDuplicateRequest r, StreamObserver<TicketResponse> o) {
      received.add(r);
      changed(r.getTicketId(), TicketState.TICKET_STATE_CLOSED, o);
    }

    @Override
    public void close(CloseRequest r, StreamObserver<TicketResponse> o) {
      received.add(r);
      changed(r.getTicketId(), TicketState.TICKET_STATE_CLOSED, o);
    }

    @Override
    public void handToDevelopment(HandToDevelopmentRequest r, StreamObserver<TicketResponse> o) {
      received.add(r);
      changed(r.getTicketId(), TicketState.TICKET_STATE_WAITING_ON_DEVELOPMENT, o);
    }

    private void changed(String id, TicketState state, StreamObserver<TicketResponse> o) {
      o.onNext(TicketResponse.newBuilder().setTicket(ticket(id, state)).build());
      o.onCompleted();
    }
  }

  @BeforeEach
  void start() throws Exception {
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Desk())
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  Locale locale = Locales.SPANISH_MEXICO;
  ZoneId zone = TimeText.POLICY_ZONE;

  int run(String... args) {
    Messages messages = Messages.load("puente.agent.messages", locale);
    CommandLine cli =
        new CommandLine(
            new TicketsCommand(
                () ->
                    new TicketsCommand.Connection() {
                      @Override
                      public TicketServiceGrpc.TicketServiceBlockingStub stub() {
                        return TicketServiceGrpc.newBlockingStub(channel);
                      }

                      @Override
                      public void close() {
                        // the test's channel outlives each command
                      }
                    },
                () -> new TicketPrinter(messages, new TimeText(messages, zone))));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void queuePrintsOneLinePerCaseWithPriorityAgeAndDueTime() {
    assertThat(run("queue", "--estado", "EN_ATENCION", "--todos")).isZero();
    ListQueueRequest asked = (ListQueueRequest) received.get(0);
    assertThat(asked.getEveryone()).isTrue();
    assertThat(asked.getState()).isEqualTo(TicketState.TICKET_STATE_IN_PROGRESS);
    assertThat(asked.getLimit()).isEqualTo(50);
    String[] lines = out.toString().split("\\R");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).startsWith("Caso").contains("(horas de Ciudad de México)");
    assertThat(lines[1])
        .startsWith("#12")
        .contains("P1")
        .contains("en atención")
        .contains("Contadores Rivera SC")
        .contains("2 h 5 min")
        .contains("vence 24/11/2026 10:00 (por vencer)");
    assertThat(lines[2]).startsWith("#15").contains(" - ").contains("nuevo");
  }

  @Test
  void showPrintsTheCaseAndItsTimelineInSpanish() {
    assertThat(run("show", "12")).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("Caso #12: en espera del cliente, a cargo de ana")
        .contains("lleva 1)")
        .contains("Recibido: 24/11/2026 10:00 (hora de Ciudad de México), acuse")
        .contains("Historial (horas de Ciudad de México):")
        .contains("  24/11/2026 10:00  customer    caso abierto")
        .contains("intento de contacto: NO_ANSWER attempt=1/2");
  }

  @Test
  void queueAndShowReadInEnglishWhenAsked() {
    locale = Locale.ENGLISH;
    assertThat(run("queue")).isZero();
    assertThat(out.toString())
        .contains("Case    Pri State")
        .contains("in progress")
        .contains("due 24/11/2026 10:00 (due soon)")
        .doesNotContain("en atención")
        .doesNotContain("vence");

    assertThat(run("show", "12")).isZero();
    assertThat(out.toString())
        .contains("Case #12: waiting on the customer, handled by ana")
        .contains("Customer: Contadores Rivera SC, licence LIC-1")
        .contains("Received: 24/11/2026 10:00 (Mexico City time), acknowledged")
        .contains("History (times in Mexico City time):")
        .contains("contact attempt: NO_ANSWER attempt=1/2")
        .doesNotContain("Historial")
        .doesNotContain("Cliente");
  }

  @Test
  void timesAreInTheZoneTheAgentChoseAndSayWhichOne() {
    zone = ZoneId.of("UTC");
    assertThat(run("show", "12")).isZero();
    assertThat(out.toString())
        .contains("Recibido: 24/11/2026 16:00 (hora de UTC)")
        .contains("Historial (horas de UTC):");
  }

  @Test
  void listAsksForAPageAndShowsClosedCasesInWords() {
    assertThat(run("list", "--estado", "CERRADO", "--pagina", "2", "--max", "2")).isZero();
    ListTicketsRequest asked = (ListTicketsRequest) received.get(0);
    assertThat(asked.getState()).isEqualTo(TicketState.TICKET_STATE_CLOSED);
    assertThat(asked.getPage()).isEqualTo(2);
    assertThat(asked.getSize()).isEqualTo(2);
    String[] lines = out.toString().split("\\R");
    assertThat(lines).hasSize(4);
    assertThat(lines[1]).startsWith("#3").contains("cerrado");
    assertThat(lines[3]).isEqualTo("Página 2 de 3 · casos en total: 5");
  }

  @Test
  void theQueueHoldsNoClosedCasesAndSaysWhereToFindThem() {
    assertThat(run("queue", "--estado", "CERRADO")).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString()).contains("tickets list --estado CERRADO");
    assertThat(received).isEmpty();
  }

  /** A case whose customer text tries to write lines of its own on the agent's terminal. */
  static TicketDetail forged() {
    return TicketDetail.newBuilder()
        .setTicket(
            ticket("66", TicketState.TICKET_STATE_IN_PROGRESS).toBuilder()
                .setHostname("CAJA\u001b[2K\rTúnel listo")
                .setCustomerName("Señora Núñez\u202e"))
        .addTimeline(
            TimelineEntry.newBuilder()
                .setAt(NOV_24)
                .setActor("customer")
                .setKind("NOTE")
                .setDetail("todo bien\n24/11/2026 10:00  sistema     Túnel listo"))
        .build();
  }

  @Test
  void showEscapesWhatCouldSteerTheTerminalAndIndentsMoreLines() {
    assertThat(run("show", "66")).isZero();
    String text = out.toString();

    assertThat(text).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u202e");
    assertThat(text)
        .contains("equipo CAJA\\x1B[2K\\x0DTúnel listo")
        .contains("Cliente: Señora Núñez\\u202E,")
        .contains("nota: todo bien\n      24/11/2026 10:00  sistema     Túnel listo");
    assertThat(text.lines()).noneMatch(line -> line.startsWith("24/11/2026"));
  }

  @Test
  void changesSendWhatTheAgentTyped() {
    assertThat(run("contact", "12", "--nota", "buzón")).isZero();
    assertThat(((LogContactRequest) received.get(0)).getOutcome())
        .isEqualTo(ContactOutcome.CONTACT_NO_ANSWER);
    assertThat(run("close", "12", "--motivo", "RETIRADO", "--nota", "ya no lo necesita")).isZero();
    CloseRequest close = (CloseRequest) received.get(1);
    assertThat(close.getReason()).isEqualTo(CloseReason.CLOSE_REASON_WITHDRAWN);
    assertThat(close.getNote()).isEqualTo("ya no lo necesita");
    assertThat(run("duplicate", "15", "--de", "12")).isZero();
    assertThat(((MarkDuplicateRequest) received.get(2)).getDuplicateOf()).isEqualTo("12");
    assertThat(run("to-dev", "12", "--reproducido", "--version", "2026.3")).isZero();
    HandToDevelopmentRequest dev = (HandToDevelopmentRequest) received.get(3);
    assertThat(dev.getReproduced()).isTrue();
    assertThat(dev.getPromisedRelease()).isEqualTo("2026.3");
    assertThat(out.toString()).contains("Caso #12: en espera de desarrollo");
  }

  @Test
  void aRefusalIsPrintedWithTheBrokersMessageAndExitsWithOne() {
    assertThat(run("wait", "7")).isEqualTo(ExitCode.REFUSED.code());
    assertThat(err.toString().strip()).isEqualTo("El caso 7 ya está cerrado y no se reabre.");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void missingArgumentsAreAUsageError() {
    assertThat(run("duplicate", "15")).isEqualTo(2);
    assertThat(err.toString()).contains("--de");
    assertThat(received).isEmpty();
  }
}
