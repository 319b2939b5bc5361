package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.EndReason;
import puente.v1.EndSessionRequest;
import puente.v1.HelperEvent;
import puente.v1.TunnelFrame;

/**
 * Many sessions opened and ended by staff at once, as a busy support centre does, while the
 * broker's one-second access check runs: every stream of every session hears ENDED, with its
 * reason, before the broker closes it. A stream closed without it leaves an app that cannot say why
 * its session ended.
 */
class ConcurrentEndTest {
  static final int WORKERS = 8;
  static final int SESSIONS_EACH = 15;

  SessionFlowTest flow;

  @BeforeEach
  void start() throws Exception {
    flow = new SessionFlowTest();
    flow.start();
  }

  @AfterEach
  void stop() throws Exception {
    flow.fixture.close();
  }

  @Test
  void everyStreamHearsEndedBeforeItCloses() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        running.add(
            workers.submit(
                () -> {
                  for (int s = 0; s < SESSIONS_EACH; s++) {
                    openUseAndEnd();
                  }
                  return null;
                }));
      }
      for (Future<?> worker : running) {
        worker.get(3, TimeUnit.MINUTES);
      }
    } finally {
      workers.shutdownNow();
    }
  }

  /** One session through its whole life: open, consent, join, a tunnel byte, the agent ends it. */
  void openUseAndEnd() throws Exception {
    AcceptedSession session = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    Recorder<AgentEvent> agentEvents = new Recorder<>();
    StreamObserver<AgentMessage> agentOut = flow.agent.attach(agentEvents);
    agentOut.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(session.opened().getSessionId()))
            .build());
    agentEvents.next(AgentEvent::hasJoined);
    agentOut.onNext(AgentMessage.newBuilder().setRelay(SessionFlowTest.openChannel(1)).build());
    TunnelFrame atAgent = agentEvents.next(AgentEvent::hasRelay).getRelay().getTunnel();
    TunnelFrame atHelper = session.events().next(HelperEvent::hasRelay).getRelay().getTunnel();
    try (Socket agentLane = SessionFlowTest.joinLane(atAgent.getLane());
        Socket helperLane = SessionFlowTest.joinLane(atHelper.getOpen().getLane())) {
      agentLane.getOutputStream().write(1);
      assertThat(helperLane.getInputStream().read()).isEqualTo(1);
    }

    flow.agentBlocking.endSession(
        EndSessionRequest.newBuilder().setSessionId(session.opened().getSessionId()).build());

    session.events().done().get(10, TimeUnit.SECONDS);
    agentEvents.done().get(10, TimeUnit.SECONDS);
    assertThat(session.events().received(HelperEvent::hasEnded))
        .as("the customer's stream heard ENDED before it closed")
        .singleElement()
        .satisfies(e -> assertThat(e.getEnded().getReason()).isEqualTo(EndReason.ENDED_BY_AGENT));
    assertThat(agentEvents.received(AgentEvent::hasEnded))
        .as("the agent's stream heard ENDED before it closed")
        .singleElement()
        .satisfies(e -> assertThat(e.getEnded().getReason()).isEqualTo(EndReason.ENDED_BY_AGENT));
    agentOut.onCompleted();
    session.helper().out().onCompleted();
  }
}
