package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.v1.AccessKind;
import puente.v1.CloseReason;
import puente.v1.CloseRequest;
import puente.v1.GetTicketRequest;
import puente.v1.ListQueueRequest;
import puente.v1.ListTicketsRequest;
import puente.v1.ListTicketsResponse;
import puente.v1.MachineIdentity;
import puente.v1.OpenSessionRequest;
import puente.v1.Ticket;
import puente.v1.TicketDetail;
import puente.v1.TicketServiceGrpc;
import puente.v1.TicketState;
import puente.v1.TimelineEntry;

/**
 * The two calls behind the agent app's {@code tickets queue} and {@code tickets show}, against a
 * real broker on manual time: tickets are received a minute apart, so their ages differ.
 */
class TicketQueueRpcTest {
  final ManualTime time = new ManualTime(SessionFlowTest.OFFICE_OPEN.instant());
  final SessionFlowTest flow = new SessionFlowTest();
  TicketServiceGrpc.TicketServiceBlockingStub ana;
  TicketServiceGrpc.TicketServiceBlockingStub beto;
  SessionFlowTest.ConnectedHelper untouched;
  SessionFlowTest.ConnectedHelper importRequest;
  SessionFlowTest.ConnectedHelper olderFailure;
  SessionFlowTest.ConnectedHelper newerFailure;

  @BeforeEach
  void start() throws Exception {
    flow.start(time);
    flow.fixture.addAgent("beto", "Beto Ruiz", Role.AGENT);
    ana = tickets("ana");
    beto = tickets("beto");
    // Received a minute apart, oldest first.
    untouched = connect("m-1");
    time.advance(Duration.ofMinutes(1));
    importRequest = connect("m-2");
    time.advance(Duration.ofMinutes(1));
    olderFailure = connect("m-3");
    time.advance(Duration.ofMinutes(1));
    newerFailure = connect("m-4");
    time.advance(Duration.ofMinutes(1));
    // Ana works three of them; sessions open newest first, so age, not the last change, counts.
    open(newerFailure, "system-failure");
    open(olderFailure, "system-failure");
    open(importRequest, "import-request");
  }

  @AfterEach
  void stop() throws Exception {
    flow.fixture.close();
  }

  @Test
  @DisplayName("P17 the queue lists the caller's and unassigned cases by priority, then age")
  void theQueueListsByPriorityThenAge() {
    assertThat(ana.listQueue(ListQueueRequest.getDefaultInstance()).getTicketsList())
        .extracting(
            Ticket::getTicketId, Ticket::getPriority, Ticket::getAssignee, Ticket::getAgeSeconds)
        .containsExactly(
            tuple(idOf(olderFailure), 1, "ana", 120L),
            tuple(idOf(newerFailure), 1, "ana", 60L),
            tuple(idOf(importRequest), 4, "ana", 180L),
            // No session admitted it under a category yet: after every known priority.
            tuple(idOf(untouched), 0, "", 240L));
  }

  @Test
  void anotherAgentSeesOnlyUnassignedCasesUnlessAskingForEveryone() {
    assertThat(beto.listQueue(ListQueueRequest.getDefaultInstance()).getTicketsList())
        .extracting(Ticket::getTicketId)
        .containsExactly(idOf(untouched));
    assertThat(
            beto.listQueue(ListQueueRequest.newBuilder().setEveryone(true).build())
                .getTicketsList())
        .extracting(Ticket::getTicketId)
        .containsExactly(
            idOf(olderFailure), idOf(newerFailure), idOf(importRequest), idOf(untouched));
  }

  @Test
  void theQueueFiltersByStateAndStopsAtTheLimit() {
    assertThat(
            ana.listQueue(
                    ListQueueRequest.newBuilder().setState(TicketState.TICKET_STATE_NEW).build())
                .getTicketsList())
        .extracting(Ticket::getTicketId, Ticket::getState)
        .containsExactly(tuple(idOf(untouched), TicketState.TICKET_STATE_NEW));
    assertThat(ana.listQueue(ListQueueRequest.newBuilder().setLimit(2).build()).getTicketsList())
        .extracting(Ticket::getTicketId)
        .containsExactly(idOf(olderFailure), idOf(newerFailure));
  }

  @Test
  @DisplayName("P18 a ticket shows its origin, category and age, and its timeline oldest first")
  void showGivesTheTicketAndItsWholeTimelineOldestFirst() {
    TicketDetail detail =
        ana.getTicket(GetTicketRequest.newBuilder().setTicketId(idOf(olderFailure)).build());

    Ticket ticket = detail.getTicket();
    assertThat(ticket.getState()).isEqualTo(TicketState.TICKET_STATE_IN_PROGRESS);
    assertThat(ticket.getCustomerName()).isEqualTo("Contadores Rivera SC");
    assertThat(ticket.getLicenceKey()).isEqualTo(BrokerFixture.LICENCE);
    assertThat(ticket.getProduct()).isEqualTo("contabilidad");
    assertThat(ticket.getInstalledVersion()).isEqualTo("2026.2");
    assertThat(ticket.getMachineId()).isEqualTo("m-3");
    assertThat(ticket.getHostname()).isEqualTo("CAJA-m-3");
    assertThat(ticket.getCategory()).isEqualTo("system-failure");
    assertThat(ticket.getPriority()).isEqualTo(1);
    assertThat(ticket.getAssignee()).isEqualTo("ana");
    assertThat(instant(ticket.getOpenedAt()))
        .isEqualTo(SessionFlowTest.OFFICE_OPEN.instant().plus(Duration.ofMinutes(2)));
    assertThat(ticket.getAgeSeconds()).isEqualTo(120);

    List<TimelineEntry> timeline = detail.getTimelineList();
    assertThat(timeline)
        .extracting(TimelineEntry::getKind)
        .startsWith("TICKET_OPENED")
        .containsSubsequence(
            "TICKET_OPENED", "CONSENT_REQUESTED", "CONSENT_GIVEN", "SESSION_STARTED");
    assertThat(timeline)
        .extracting(e -> instant(e.getAt()))
        .isSortedAccordingTo(Comparator.naturalOrder());
    assertThat(timeline)
        .filteredOn(e -> e.getKind().equals("SESSION_STARTED"))
        .singleElement()
        .satisfies(e -> assertThat(e.getSessionId()).isNotEmpty());
  }

  @Test
  void listGivesEveryTicketNewestFirstAPageAtATime() {
    ListTicketsResponse first =
        beto.listTickets(ListTicketsRequest.newBuilder().setSize(3).build());
    assertThat(first.getTotal()).isEqualTo(4);
    assertThat(first.getPage()).isEqualTo(1);
    assertThat(first.getSize()).isEqualTo(3);
    // Beto sees Ana's cases too: the list is the whole record, not his queue.
    assertThat(first.getTicketsList())
        .extracting(Ticket::getTicketId)
        .containsExactly(idOf(newerFailure), idOf(olderFailure), idOf(importRequest));

    ListTicketsResponse second =
        beto.listTickets(ListTicketsRequest.newBuilder().setSize(3).setPage(2).build());
    assertThat(second.getTicketsList())
        .extracting(Ticket::getTicketId)
        .containsExactly(idOf(untouched));
  }

  @Test
  @DisplayName("P20 closed tickets leave the queue but stay in the list, which filters by state")
  void closedTicketsStayInTheListAndItFiltersByState() {
    ana.close(
        CloseRequest.newBuilder()
            .setTicketId(idOf(untouched))
            .setReason(CloseReason.CLOSE_REASON_WITHDRAWN)
            .build());

    assertThat(
            ana.listQueue(ListQueueRequest.newBuilder().setEveryone(true).build()).getTicketsList())
        .extracting(Ticket::getTicketId)
        .doesNotContain(idOf(untouched));
    ListTicketsResponse closed =
        ana.listTickets(
            ListTicketsRequest.newBuilder().setState(TicketState.TICKET_STATE_CLOSED).build());
    assertThat(closed.getTotal()).isEqualTo(1);
    assertThat(closed.getTicketsList())
        .extracting(Ticket::getTicketId, Ticket::getState)
        .containsExactly(tuple(idOf(untouched), TicketState.TICKET_STATE_CLOSED));
    assertThat(
            ana.listTickets(
                    ListTicketsRequest.newBuilder()
                        .setState(TicketState.TICKET_STATE_IN_PROGRESS)
                        .build())
                .getTotal())
        .isEqualTo(3);
  }

  @Test
  void theListIsRefusedWithoutAStaffLoginAndAnUnknownStateIsInvalid() {
    TicketServiceGrpc.TicketServiceBlockingStub anonymous =
        TicketServiceGrpc.newBlockingStub(flow.fixture.channel());
    assertThatThrownBy(() -> anonymous.listTickets(ListTicketsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    TicketServiceGrpc.TicketServiceBlockingStub forged =
        anonymous.withCallCredentials(BrokerFixture.bearer("not-a-token"));
    assertThatThrownBy(() -> forged.listTickets(ListTicketsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThatThrownBy(
            () -> ana.listTickets(ListTicketsRequest.newBuilder().setStateValue(99).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  TicketServiceGrpc.TicketServiceBlockingStub tickets(String username) {
    return TicketServiceGrpc.newBlockingStub(flow.fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(flow.fixture.login(username)));
  }

  SessionFlowTest.ConnectedHelper connect(String machine) throws InterruptedException {
    return flow.connectHelper(
        SessionFlowTest.registration(BrokerFixture.LICENCE).toBuilder()
            .setMachine(
                MachineIdentity.newBuilder().setMachineId(machine).setHostname("CAJA-" + machine))
            .build());
  }

  void open(SessionFlowTest.ConnectedHelper helper, String category) throws Exception {
    AcceptedSession.open(
        flow,
        helper,
        OpenSessionRequest.newBuilder().setAccess(AccessKind.TUNNEL).setCategory(category));
  }

  static String idOf(SessionFlowTest.ConnectedHelper helper) {
    return helper.registered().getTicketId();
  }

  static Instant instant(Timestamp at) {
    return Instant.ofEpochSecond(at.getSeconds(), at.getNanos());
  }
}
