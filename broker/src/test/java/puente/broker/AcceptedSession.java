package puente.broker;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;

/**
 * A session the customer accepted, on real gRPC: the customer's helper and what the opener got
 * back. Staff attach to it with {@link #attach}.
 */
record AcceptedSession(SessionFlowTest.ConnectedHelper helper, OpenSessionResponse opened) {

  /**
   * Opens a connected helper's code as the flow's agent (Ana) asking for {@code access}; the
   * customer says yes and the session starts.
   */
  static AcceptedSession open(
      SessionFlowTest flow, SessionFlowTest.ConnectedHelper helper, AccessKind access)
      throws Exception {
    return open(flow, helper, OpenSessionRequest.newBuilder().setAccess(access));
  }

  /**
   * Opens a connected helper's code as the flow's agent (Ana) with {@code request} (access,
   * category); the customer says yes and the session starts.
   */
  static AcceptedSession open(
      SessionFlowTest flow,
      SessionFlowTest.ConnectedHelper helper,
      OpenSessionRequest.Builder request)
      throws Exception {
    CompletableFuture<OpenSessionResponse> opening =
        flow.open(request.setCode(helper.registered().getCode()).build());
    flow.answer(helper, true);
    OpenSessionResponse opened = opening.get(10, TimeUnit.SECONDS);
    helper.events().next(HelperEvent::hasStarted);
    return new AcceptedSession(helper, opened);
  }

  /** What the customer's helper received. */
  Recorder<HelperEvent> events() {
    return helper.events();
  }

  /** Sends a message as the customer's helper. */
  void send(HelperMessage message) {
    helper.out().onNext(message);
  }

  /** The session's ticket. */
  long ticket() {
    return Long.parseLong(opened.getTicketId());
  }

  /**
   * Attaches and joins in WATCH mode; the first member gets control if the grant holds something.
   * Returns once the broker sent the join and the grant as it is now, so a test waits for changes.
   */
  EscalationTest.Staff attach(AgentServiceGrpc.AgentServiceStub stub) throws InterruptedException {
    Recorder<AgentEvent> events = new Recorder<>();
    StreamObserver<AgentMessage> out = stub.attach(events);
    out.onNext(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
    events.next(AgentEvent::hasJoined);
    events.next(AgentEvent::hasGrant);
    return new EscalationTest.Staff(events, out);
  }
}
