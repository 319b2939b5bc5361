package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.client.RefusalStatus;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.ControlAction;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.RefusalReason;
import puente.v1.TunnelFrame;

/**
 * Every session timeout, on manual time: the test advances the broker's clock, ticker and timeouts
 * together instead of sleeping, one second short of each limit and then past it.
 */
class SessionTimeoutsTest {
  final ManualTime time = new ManualTime(SessionFlowTest.OFFICE_OPEN.instant());
  final SessionFlowTest flow = new SessionFlowTest();

  @BeforeEach
  void start() throws Exception {
    flow.start(time);
  }

  @AfterEach
  void stop() throws Exception {
    flow.fixture.close();
  }

  @Test
  void aCodeNobodyOpensExpiresAfterItsLifetimeAndEndsItsSession() throws Exception {
    SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
    time.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(flow.fixture.broker().sessions().live()).hasSize(1);
    time.advance(Duration.ofSeconds(2));
    assertThat(helper.events().next(HelperEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.CODE_EXPIRED);
    Throwable refused = SessionFlowTest.catchFailure(flow.open(helper.registered().getCode()));
    assertThat(RefusalStatus.fromThrowable(refused).orElseThrow().getReason())
        .isEqualTo(RefusalReason.CODE_INVALID);
  }

  @Test
  void aConsentPromptNobodyAnswersCountsAsDeclined() throws Exception {
    SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
    var opening = flow.open(helper.registered().getCode());
    helper.events().next(HelperEvent::hasConsentPrompt);
    time.advance(Duration.ofMinutes(2).minusSeconds(1));
    assertThat(opening).isNotDone();
    time.advance(Duration.ofSeconds(2));
    Throwable refused = SessionFlowTest.catchFailure(opening);
    assertThat(RefusalStatus.fromThrowable(refused).orElseThrow().getReason())
        .isEqualTo(RefusalReason.CONSENT_REFUSED);
    assertThat(helper.events().next(HelperEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.CONSENT_DECLINED);
    assertThat(timeline(helper))
        .filteredOn(e -> e.kind() == EventKind.CONSENT_DECLINED)
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).isEqualTo("timeout"));
  }

  @Test
  void anOpenedSessionNobodyAttachesToEndsAfterTheAttachTimeout() throws Exception {
    SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
    AcceptedSession.open(flow, helper, AccessKind.TUNNEL);
    time.advance(Duration.ofMinutes(1).minusSeconds(1));
    assertThat(flow.fixture.broker().sessions().live()).hasSize(1);
    time.advance(Duration.ofSeconds(2));
    assertThat(helper.events().next(HelperEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.AGENT_VANISHED);
  }

  @Test
  void aSessionLeftByItsStaffWaitsInTheQueueThenEnds() throws Exception {
    SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
    EscalationTest.Staff ana =
        AcceptedSession.open(flow, helper, AccessKind.TUNNEL).attach(flow.agent);
    ana.send(AgentMessage.newBuilder().setLeave(AgentMessage.Leave.getDefaultInstance()).build());
    helper
        .events()
        .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.RETURNED_TO_QUEUE);
    time.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(flow.fixture.broker().sessions().live()).hasSize(1);
    time.advance(Duration.ofSeconds(2));
    assertThat(helper.events().next(HelperEvent::hasEnded).getEnded().getReason())
        .isEqualTo(EndReason.QUEUE_TIMEOUT);
  }

  @Test
  void aControlRequestNobodyAnswersIsVetoedAndWidensNothing() throws Exception {
    SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
    EscalationTest.Staff ana =
        AcceptedSession.open(flow, helper, AccessKind.TUNNEL).attach(flow.agent);
    ana.send(
        AgentMessage.newBuilder()
            .setControl(
                ControlAction.newBuilder()
                    .setKind(ControlAction.Kind.REQUEST)
                    .setAccess(puente.v1.AccessKind.CONTROL))
            .build());
    helper.events().next(HelperEvent::hasConsentPrompt);
    time.advance(Duration.ofMinutes(2).plusSeconds(1));
    assertThat(
            ana.events()
                .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.CONTROL_VETOED)
                .getNotice()
                .getKind())
        .isEqualTo(Notice.Kind.CONTROL_VETOED);
    assertThat(flow.fixture.broker().sessions().live().iterator().next().grant().wire())
        .containsExactly(puente.v1.AccessKind.TUNNEL);
  }

  @Test
  void aLaneTokenNobodyPresentsExpiresAndClosesTheLaneThatCame() throws Exception {
    SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
    EscalationTest.Staff ana =
        AcceptedSession.open(flow, helper, AccessKind.TUNNEL).attach(flow.agent);
    ana.send(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    TunnelFrame lane = ana.events().next(AgentEvent::hasRelay).getRelay().getTunnel();
    helper.events().next(HelperEvent::hasRelay);
    // Only the agent's end comes; the helper's token is never presented.
    try (Socket agentLane = SessionFlowTest.joinLane(lane.getLane())) {
      agentLane.setSoTimeout(10_000);
      time.advance(Duration.ofSeconds(14));
      agentLane.getOutputStream().write(1);
      time.advance(Duration.ofSeconds(2));
      assertThat(agentLane.getInputStream().read()).isEqualTo(-1);
    }
  }

  java.util.List<TimelineEntry> timeline(SessionFlowTest.ConnectedHelper helper) {
    return flow.fixture
        .broker()
        .tickets()
        .timeline(Long.parseLong(helper.registered().getTicketId()));
  }
}
