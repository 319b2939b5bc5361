package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.v1.AccessKind;
import puente.v1.AgentServiceGrpc;
import puente.v1.EscalateRequest;
import puente.v1.Escalation;
import puente.v1.ListEscalationsRequest;
import puente.v1.MachineIdentity;
import puente.v1.OpenSessionRequest;

/** The specialists' queue as the real RPCs serve it, on manual time so that ages differ. */
class EscalationQueueOrderTest {
  final ManualTime time = new ManualTime(SessionFlowTest.OFFICE_OPEN.instant());
  final SessionFlowTest flow = new SessionFlowTest();

  @BeforeEach
  void start() throws Exception {
    flow.start(time);
    flow.fixture.addAgent("sofia", "Sofía Méndez", Role.SPECIALIST);
    flow.fixture.addAgent("sup", "Supervisora Díaz", Role.SUPERVISOR);
  }

  @AfterEach
  void stop() throws Exception {
    flow.fixture.close();
  }

  @Test
  @DisplayName("P17 specialists are served by priority of the category, then by age")
  void theQueueServesByPriorityThenAge() throws Exception {
    // Escalated a minute apart: the oldest has the lowest priority, two share the highest.
    String behaviour = escalated("m-1", "system-behaviour");
    time.advance(Duration.ofMinutes(1));
    String firstFailure = escalated("m-2", "system-failure");
    time.advance(Duration.ofMinutes(1));
    String installation = escalated("m-3", "installation");
    time.advance(Duration.ofMinutes(1));
    String secondFailure = escalated("m-4", "system-failure");
    time.advance(Duration.ofMinutes(1));

    for (String viewer : List.of("sofia", "sup")) {
      assertThat(queueAs(viewer))
          .as("the queue as %s sees it", viewer)
          .extracting(
              Escalation::getSessionId,
              Escalation::getCategory,
              Escalation::getPriority,
              Escalation::getWaitingSeconds)
          .containsExactly(
              tuple(firstFailure, "system-failure", 1, 180L),
              tuple(secondFailure, "system-failure", 1, 60L),
              tuple(installation, "installation", 2, 120L),
              tuple(behaviour, "system-behaviour", 3, 240L));
    }
  }

  /** Opens a session for a machine under a category, Ana joins and offers it to the queue. */
  String escalated(String machine, String category) throws Exception {
    SessionFlowTest.ConnectedHelper helper =
        flow.connectHelper(
            SessionFlowTest.registration(BrokerFixture.LICENCE).toBuilder()
                .setMachine(MachineIdentity.newBuilder().setMachineId(machine).setHostname(machine))
                .build());
    AcceptedSession live =
        AcceptedSession.open(
            flow,
            helper,
            OpenSessionRequest.newBuilder().setAccess(AccessKind.TUNNEL).setCategory(category));
    live.attach(flow.agent);
    flow.agentBlocking.escalate(
        EscalateRequest.newBuilder()
            .setSessionId(live.opened().getSessionId())
            .setNote("caso " + machine)
            .build());
    return live.opened().getSessionId();
  }

  List<Escalation> queueAs(String username) {
    return AgentServiceGrpc.newBlockingStub(flow.fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(flow.fixture.login(username)))
        .listEscalations(ListEscalationsRequest.getDefaultInstance())
        .getEscalationsList();
  }
}
