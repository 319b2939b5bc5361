package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.ControlAction;
import puente.v1.ControlChanged;
import puente.v1.EscalateRequest;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RefusalReason;

/**
 * Releasing and taking back control on a real broker: who holds control afterwards, what the
 * customer is told, and that neither ever widens what the customer granted.
 */
class ControlReleaseTest {
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
  void aSpecialistWhoReleasesControlHandsItBackToTheOwnerAndTheCustomerIsTold() throws Exception {
    AcceptedSession live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    EscalationTest.Staff ana = live.attach(stub("ana"));
    EscalationTest.Staff sofia = handOverToSofia(live, ana);
    settleCustomer(live, ana, sofia);
    settleStaff(live, ana, sofia);

    sofia.control(ControlAction.Kind.RELEASE, "");

    assertThat(nextControl(ana))
        .satisfies(c -> assertThat(c.getHolder()).isEqualTo("ana"))
        .satisfies(c -> assertThat(c.getYouHaveControl()).isTrue());
    assertThat(nextControl(sofia))
        .satisfies(c -> assertThat(c.getHolder()).isEqualTo("ana"))
        .satisfies(c -> assertThat(c.getYouHaveControl()).isFalse());
    assertCustomerToldHolder(live, "Ana López", "ana");
    nothingElseReachedCustomer(live, ana);
    assertThat(controlChanges(live))
        .containsExactly(
            tuple("customer", "holder=sofia granted by ana"),
            tuple("sofia", "holder=ana released"));
  }

  @Test
  void theOwnerWhoReleasesControlLeavesNobodyHoldingItUntilSheTakesItBack() throws Exception {
    AcceptedSession live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    EscalationTest.Staff ana = live.attach(stub("ana"));
    settleCustomer(live, ana);
    settleStaff(live, ana);

    ana.control(ControlAction.Kind.RELEASE, "");
    assertThat(nextControl(ana))
        .satisfies(c -> assertThat(c.getHolder()).isEmpty())
        .satisfies(c -> assertThat(c.getYouHaveControl()).isFalse());
    // Nobody holds control, so nobody is named to the customer: only the list changes.
    assertThat(
            live.events()
                .nextIs(HelperEvent::hasParticipants, "the participants list")
                .getParticipants()
                .getParticipantsList())
        .noneMatch(Participant::getHasControl);
    nothingElseReachedCustomer(live, ana);
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    HostileClientTest.assertRefused(ana, RefusalReason.NOT_IN_CONTROL);

    ana.control(ControlAction.Kind.TAKE_BACK, "");
    assertThat(nextControl(ana).getYouHaveControl()).isTrue();
    assertCustomerToldHolder(live, "Ana López", "ana");
    nothingElseReachedCustomer(live, ana);
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    assertThat(HostileClientTest.laneAt(ana).getToken()).isNotEmpty();
    assertThat(controlChanges(live))
        .containsExactly(
            tuple("ana", "holder=null released"), tuple("ana", "holder=ana taken back"));
  }

  @Test
  void theOwnerTakesControlBackFromASpecialistWithoutAskingTheCustomer() throws Exception {
    AcceptedSession live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    EscalationTest.Staff ana = live.attach(stub("ana"));
    EscalationTest.Staff sofia = handOverToSofia(live, ana);
    settleCustomer(live, ana, sofia);
    settleStaff(live, ana, sofia);

    // Only the owner takes back: the specialist who holds control cannot.
    sofia.control(ControlAction.Kind.TAKE_BACK, "");
    HostileClientTest.assertRefused(sofia, RefusalReason.PERMISSION_DENIED);

    ana.control(ControlAction.Kind.TAKE_BACK, "");
    assertThat(nextControl(ana).getYouHaveControl()).isTrue();
    assertThat(nextControl(sofia))
        .satisfies(c -> assertThat(c.getHolder()).isEqualTo("ana"))
        .satisfies(c -> assertThat(c.getYouHaveControl()).isFalse());
    assertCustomerToldHolder(live, "Ana López", "ana");
    nothingElseReachedCustomer(live, ana);
    sofia.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    HostileClientTest.assertRefused(sofia, RefusalReason.NOT_IN_CONTROL);
    assertThat(controlChanges(live))
        .containsExactly(
            tuple("customer", "holder=sofia granted by ana"),
            tuple("ana", "holder=ana taken back"));
  }

  @Test
  void takingBackControlInAViewOnlySessionWidensNothingWithoutTheCustomersYes() throws Exception {
    AcceptedSession live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.VIEW);
    EscalationTest.Staff ana = live.attach(stub("ana"));
    settleCustomer(live, ana);
    settleStaff(live, ana);

    ana.control(ControlAction.Kind.TAKE_BACK, "");
    assertThat(nextControl(ana).getYouHaveControl()).isTrue();
    // The customer hears who holds control; no prompt and no new grant come with it.
    assertCustomerToldHolder(live, "Ana López", "ana");
    nothingElseReachedCustomer(live, ana);
    assertThat(grantNow()).containsExactly(AccessKind.VIEW);
    ana.send(EscalationTest.input(1, 1));
    HostileClientTest.assertRefused(ana, RefusalReason.NOT_GRANTED);

    // Asking is what widens it, and only on a yes: a no leaves the grant as it was.
    ana.send(HostileClientTest.requestAccess(AccessKind.CONTROL));
    HelperEvent prompt = live.events().next(HelperEvent::hasConsentPrompt);
    assertThat(prompt.getConsentPrompt().getCapabilitiesList()).containsExactly(AccessKind.CONTROL);
    live.send(HostileClientTest.consent(prompt.getConsentPrompt().getPromptId(), false));
    AgentEvent vetoed =
        ana.events()
            .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.CONTROL_VETOED);
    // She asked for herself: one notice, about her request, not a hand-over to her username.
    assertThat(vetoed.getNotice().getMessage()).isEqualTo("El cliente no aceptó su solicitud.");
    nothingElseReachedStaff(live, ana);
    assertThat(grantNow()).containsExactly(AccessKind.VIEW);

    ana.send(HostileClientTest.requestAccess(AccessKind.CONTROL));
    prompt = live.events().next(HelperEvent::hasConsentPrompt);
    live.send(HostileClientTest.consent(prompt.getConsentPrompt().getPromptId(), true));
    assertThat(ana.events().next(AgentEvent::hasGrant).getGrant().getCapabilitiesList())
        .containsExactlyInAnyOrder(AccessKind.VIEW, AccessKind.CONTROL);
    ana.send(EscalationTest.input(2, 3));
    assertThat(
            live.events()
                .next(e -> e.hasRelay() && e.getRelay().hasInput())
                .getRelay()
                .getInput()
                .getMove()
                .getY())
        .isEqualTo(3);
    assertThat(timeline(live))
        .filteredOn(e -> e.kind() == EventKind.GRANT_CHANGED)
        .extracting(TimelineEntry::actor)
        .containsExactly("customer");
  }

  AgentServiceGrpc.AgentServiceStub stub(String username) {
    return AgentServiceGrpc.newStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(fixture.login(username)));
  }

  /** Ana offers the session to Sofía, who joins; Ana hands her control and the customer agrees. */
  EscalationTest.Staff handOverToSofia(AcceptedSession live, EscalationTest.Staff ana)
      throws InterruptedException {
    AgentServiceGrpc.newBlockingStub(fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(fixture.login("ana")))
        .escalate(
            EscalateRequest.newBuilder()
                .setSessionId(live.opened().getSessionId())
                .setSpecialist("sofia")
                .build());
    EscalationTest.Staff sofia = live.attach(stub("sofia"));
    ana.control(ControlAction.Kind.GRANT, "sofia");
    HelperEvent prompt = live.events().next(HelperEvent::hasConsentPrompt);
    live.send(HostileClientTest.consent(prompt.getConsentPrompt().getPromptId(), true));
    sofia.events().next(e -> e.hasControl() && e.getControl().getYouHaveControl());
    return sofia;
  }

  static ControlChanged nextControl(EscalationTest.Staff member) throws InterruptedException {
    return member.events().nextIs(AgentEvent::hasControl, "who holds control").getControl();
  }

  /** The customer's next two messages: who holds control now, in words, then the list. */
  static void assertCustomerToldHolder(AcceptedSession live, String name, String username)
      throws InterruptedException {
    Notice notice =
        live.events().nextIs(HelperEvent::hasNotice, "a notice of the change").getNotice();
    assertThat(notice.getKind()).isEqualTo(Notice.Kind.CONTROL_CHANGED);
    assertThat(notice.getMessage()).isEqualTo(name + " tiene ahora el control.");
    assertThat(
            live.events()
                .nextIs(HelperEvent::hasParticipants, "the participants list")
                .getParticipants()
                .getParticipantsList())
        .filteredOn(Participant::getHasControl)
        .extracting(Participant::getId)
        .containsExactly(username);
  }

  List<AccessKind> grantNow() {
    return fixture.broker().sessions().live().iterator().next().grant().wire();
  }

  List<TimelineEntry> timeline(AcceptedSession live) {
    return fixture.broker().tickets().timeline(live.ticket());
  }

  List<org.assertj.core.groups.Tuple> controlChanges(AcceptedSession live) {
    return timeline(live).stream()
        .filter(e -> e.kind() == EventKind.CONTROL_CHANGED)
        .map(e -> tuple(e.actor(), e.detail()))
        .toList();
  }

  private String nextBarrier() {
    return "barrera " + barriers.incrementAndGet();
  }

  private static boolean isChat(HelperEvent event, String text) {
    return event.hasRelay()
        && event.getRelay().hasChat()
        && event.getRelay().getChat().getText().equals(text);
  }

  /** Everything sent to the customer so far has arrived and is skipped. */
  void settleCustomer(
      AcceptedSession live, EscalationTest.Staff from, EscalationTest.Staff... colleagues)
      throws InterruptedException {
    String text = nextBarrier();
    from.send(EscalationTest.chat(text));
    live.events().next(e -> isChat(e, text));
    // A colleague gets the same line on another thread: wait for it too, or it may arrive later.
    for (EscalationTest.Staff colleague : colleagues) {
      colleague
          .events()
          .next(
              e ->
                  e.hasRelay()
                      && e.getRelay().hasChat()
                      && e.getRelay().getChat().getText().equals(text));
    }
  }

  /** A chat line sent now is the customer's very next message: nothing got there before it. */
  void nothingElseReachedCustomer(AcceptedSession live, EscalationTest.Staff from)
      throws InterruptedException {
    String text = nextBarrier();
    from.send(EscalationTest.chat(text));
    live.events().nextIs(e -> isChat(e, text), "the chat line '" + text + "', nothing before it");
  }

  /** A chat line the customer sends now is the member's very next message. */
  void nothingElseReachedStaff(AcceptedSession live, EscalationTest.Staff to)
      throws InterruptedException {
    String text = nextBarrier();
    live.send(HostileClientTest.customerChat(text));
    to.events()
        .nextIs(
            e ->
                e.hasRelay()
                    && e.getRelay().hasChat()
                    && e.getRelay().getChat().getText().equals(text),
            "the chat line '" + text + "', nothing before it");
  }

  /** Everything sent to these members so far has arrived and is skipped. */
  void settleStaff(AcceptedSession live, EscalationTest.Staff... members)
      throws InterruptedException {
    String text = nextBarrier();
    live.send(HostileClientTest.customerChat(text));
    for (EscalationTest.Staff member : members) {
      member
          .events()
          .next(
              e ->
                  e.hasRelay()
                      && e.getRelay().hasChat()
                      && e.getRelay().getChat().getText().equals(text));
    }
  }
}
