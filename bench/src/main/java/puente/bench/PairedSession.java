package puente.bench;

import io.grpc.ManagedChannel;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import puente.client.BrokerStream;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndSessionRequest;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.MachineIdentity;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

/**
 * One session driven through the broker's real protocol by in-process clients: the helper registers
 * and connects, the agent opens by code, the helper consents, the agent attaches and opens a tunnel
 * channel; both ends join its lanes on the data port and a first byte must cross. Then the session
 * is held (its channel closed) or ended.
 */
final class PairedSession {
  private static final long STEP_TIMEOUT_SECONDS = 30;

  private final BrokerClients clients;
  private final HelperEnd helperEnd = new HelperEnd();
  private final AgentEnd agentEnd = new AgentEnd();
  private final BrokerStream<HelperMessage, HelperEvent> helper = new BrokerStream<>(helperEnd);
  private final BrokerStream<AgentMessage, AgentEvent> agent = new BrokerStream<>(agentEnd);
  private volatile String sessionId;
  private long openSentNanos;

  PairedSession(BrokerClients clients) {
    this.clients = clients;
  }

  /** Runs every step up to the first byte arriving at the helper. */
  void open(int serial) throws Exception {
    ManagedChannel helperChannel = clients.channel();
    RegisterResponse registered =
        HelperServiceGrpc.newBlockingStub(helperChannel)
            .withDeadlineAfter(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .register(
                RegisterRequest.newBuilder()
                    .setLicenceKey(Installation.LICENCE)
                    .setProduct(Installation.PRODUCT)
                    .setInstalledVersion(Installation.VERSION)
                    .setMachine(
                        MachineIdentity.newBuilder()
                            .setMachineId("bench-" + serial)
                            .setHostname("bench-" + serial))
                    .setLocale("en")
                    .setOfferedService("TCP 127.0.0.1:5900")
                    .build());
    HelperServiceGrpc.newStub(helperChannel).connect(helper);
    helper.send(
        HelperMessage.newBuilder()
            .setHello(HelperMessage.Hello.newBuilder().setHelperToken(registered.getHelperToken()))
            .build());

    ManagedChannel agentChannel = clients.channel();
    openSentNanos = System.nanoTime();
    OpenSessionResponse opened =
        AgentServiceGrpc.newFutureStub(agentChannel)
            .withCallCredentials(clients.agentCredentials())
            .withDeadlineAfter(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .openSession(
                OpenSessionRequest.newBuilder()
                    .setCode(registered.getCode().replace(" ", ""))
                    .setAccess(AccessKind.TUNNEL)
                    .build())
            .get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    sessionId = opened.getSessionId();
    AgentServiceGrpc.newStub(agentChannel)
        .withCallCredentials(clients.agentCredentials())
        .attach(agent);
    agent.send(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(sessionId))
            .build());
    agentEnd.joined.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    agent.send(
        AgentMessage.newBuilder()
            .setRelay(
                RelayFrame.newBuilder()
                    .setTunnel(
                        TunnelFrame.newBuilder()
                            .setChannel(1)
                            .setOpen(TunnelFrame.Open.getDefaultInstance())))
            .build());
    try (Socket agentLane =
            clients.lanes().dial(agentEnd.lane.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        Socket helperLane =
            clients.lanes().dial(helperEnd.lane.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS))) {
      helperLane.setSoTimeout((int) TimeUnit.SECONDS.toMillis(STEP_TIMEOUT_SECONDS));
      agentLane.getOutputStream().write(1);
      if (helperLane.getInputStream().read() != 1) {
        throw new IllegalStateException("the first tunnel byte did not arrive");
      }
    }
  }

  String sessionId() {
    return sessionId;
  }

  /** When the agent asked to open the session ({@link System#nanoTime}). */
  long openSentNanos() {
    return openSentNanos;
  }

  /** The agent ends the session; returns once both streams heard that it ended. */
  void end() throws Exception {
    AgentServiceGrpc.newBlockingStub(clients.channel())
        .withCallCredentials(clients.agentCredentials())
        .withDeadlineAfter(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .endSession(EndSessionRequest.newBuilder().setSessionId(sessionId).build());
    helperEnd.ended.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    agentEnd.ended.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Drops both streams without ending (the broker sees both peers vanish). */
  void cancel() {
    agent.cancel("benchmark over");
    helper.cancel("benchmark over");
  }

  private final class HelperEnd implements BrokerStream.Listener<HelperEvent> {
    final CompletableFuture<TunnelFrame.Lane> lane = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile HelperEvent last;

    @Override
    public void onMessage(HelperEvent event) {
      last = event;
      switch (event.getKindCase()) {
        case CONSENT_PROMPT ->
            helper.send(
                HelperMessage.newBuilder()
                    .setConsent(
                        HelperMessage.ConsentAnswer.newBuilder()
                            .setPromptId(event.getConsentPrompt().getPromptId())
                            .setAccepted(true))
                    .build());
        case RELAY -> {
          if (event.getRelay().getTunnel().hasOpen()) {
            lane.complete(event.getRelay().getTunnel().getOpen().getLane());
          }
        }
        case ENDED -> ended.complete(null);
        default -> {
          // Waiting, started, participants, notices: nothing to answer.
        }
      }
    }

    @Override
    public void onClosed(Throwable failure) {
      fail("the customer's stream", last, failure, lane, ended);
    }
  }

  private final class AgentEnd implements BrokerStream.Listener<AgentEvent> {
    final CompletableFuture<Void> joined = new CompletableFuture<>();
    final CompletableFuture<TunnelFrame.Lane> lane = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile AgentEvent last;

    @Override
    public void onMessage(AgentEvent event) {
      last = event;
      switch (event.getKindCase()) {
        case JOINED -> joined.complete(null);
        case RELAY -> {
          if (event.getRelay().getTunnel().hasLane()) {
            lane.complete(event.getRelay().getTunnel().getLane());
          }
        }
        case ENDED -> ended.complete(null);
        default -> {
          // Participants and notices: nothing to answer.
        }
      }
    }

    @Override
    public void onClosed(Throwable failure) {
      fail("the agent's stream", last, failure, joined, lane, ended);
    }
  }

  /**
   * Fails the steps still waiting when a stream closes, naming the last message it heard: a stream
   * the broker completed without ENDED is a broker fault a real app could not explain.
   */
  private void fail(
      String stream, Object lastHeard, Throwable failure, CompletableFuture<?>... steps) {
    IllegalStateException closed =
        new IllegalStateException(
            stream
                + (failure == null ? " completed" : " failed")
                + " in session "
                + sessionId
                + "; last heard: "
                + (lastHeard == null ? "nothing" : lastHeard.toString().replace('\n', ' ')),
            failure);
    for (CompletableFuture<?> step : steps) {
      step.completeExceptionally(closed);
    }
  }
}
