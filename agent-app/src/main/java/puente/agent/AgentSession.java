package puente.agent;

import static java.util.Objects.requireNonNull;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import puente.client.BrokerStream;
import puente.client.ChannelListener;
import puente.client.ExitCode;
import puente.client.LocalForward;
import puente.client.TunnelMux;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndSessionRequest;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;

/**
 * The agent's side of one session, independent of how it is shown: opens it by code, attaches
 * the stream, forwards a local port through the tunnel once joined with control, and ends it.
 */
final class AgentSession {
  /** The customer has up to two minutes to answer the consent prompt; allow for the broker. */
  static final Duration OPEN_DEADLINE = Duration.ofMinutes(3);

  private static final Duration END_DEADLINE = Duration.ofSeconds(10);
  private static final Duration END_GRACE = Duration.ofSeconds(5);

  private final AgentServiceGrpc.AgentServiceBlockingStub blocking;
  private final AgentServiceGrpc.AgentServiceStub async;
  private final AgentView view;
  private final CompletableFuture<ExitCode> outcome = new CompletableFuture<>();
  private final BrokerStream<AgentMessage, AgentEvent> stream;
  private volatile OpenSessionResponse session;
  private volatile LocalForward forward;
  private volatile TunnelMux tunnel;
  private volatile boolean joined;
  private volatile long endRequestedAtNanos;

  AgentSession(Channel channel, CallCredentials credentials, AgentView view) {
    this.blocking = AgentServiceGrpc.newBlockingStub(channel).withCallCredentials(credentials);
    this.async = AgentServiceGrpc.newStub(channel).withCallCredentials(credentials);
    this.view = requireNonNull(view, "view");
    this.stream = new BrokerStream<>(new Events());
  }

  /**
   * Opens the session behind a code; returns once the customer has consented.
   *
   * @throws io.grpc.StatusRuntimeException if refused or the broker is unreachable
   */
  OpenSessionResponse open(String code, AccessKind access, String category, boolean advisory) {
    return blocking
        .withDeadlineAfter(OPEN_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .openSession(
            OpenSessionRequest.newBuilder()
                .setCode(code)
                .setAccess(access)
                .setCategory(category)
                .setAdvisory(advisory)
                .build());
  }

  /**
   * Joins the session's stream; once joined with control, the bound port starts forwarding.
   *
   * @param opened the answer of {@link #open}
   * @param localPort the bound local port; the session closes it when it ends
   */
  void attach(OpenSessionResponse opened, LocalForward localPort) {
    this.session = requireNonNull(opened, "opened");
    this.forward = requireNonNull(localPort, "localPort");
    async.attach(stream);
    stream.send(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
            .build());
  }

  /** Ends the session for everyone and leaves the stream. */
  void end() {
    if (endRequestedAtNanos == 0) {
      endRequestedAtNanos = System.nanoTime();
    }
    try {
      endSession(session.getSessionId());
    } finally {
      stream.complete();
    }
  }

  private void endSession(String sessionId) {
    blocking
        .withDeadlineAfter(END_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .endSession(EndSessionRequest.newBuilder().setSessionId(sessionId).build());
  }

  boolean isOver() {
    return outcome.isDone();
  }

  /**
   * Waits for the session to finish. After {@link #end()}, waits at most a few seconds for the
   * broker to confirm, then cancels the stream.
   *
   * @return how the session finished
   */
  ExitCode awaitOutcome() throws InterruptedException {
    while (true) {
      try {
        return outcome.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long requested = endRequestedAtNanos;
        if (requested != 0 && System.nanoTime() - requested > END_GRACE.toNanos()) {
          stream.cancel("the agent ended the session");
          finish(ExitCode.OK);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  private void finish(ExitCode code) {
    LocalForward port = forward;
    if (port != null) {
      port.close();
    }
    TunnelMux current = tunnel;
    if (current != null) {
      current.close();
    }
    outcome.complete(code);
  }

  private final class Events implements BrokerStream.Listener<AgentEvent>, ChannelListener {
    @Override
    public void onMessage(AgentEvent event) {
      switch (event.getKindCase()) {
        case JOINED -> startForwarding(event.getJoined());
        case RELAY -> {
          TunnelMux current = tunnel;
          if (event.getRelay().hasTunnel() && current != null) {
            current.receive(event.getRelay().getTunnel());
          } else if (event.getRelay().hasChat()) {
            view.chat(event.getRelay().getChat().getFrom(), event.getRelay().getChat().getText());
          }
        }
        case PARTICIPANTS -> view.participants(event.getParticipants().getParticipantsList());
        case NOTICE -> view.notice(event.getNotice().getMessage());
        case ENDED -> {
          view.ended(event.getEnded());
          finish(ExitCode.of(event.getEnded().getReason()));
        }
        default -> {
          // An event from a newer broker that this version does not know: ignore it.
        }
      }
    }

    private void startForwarding(AgentEvent.Joined joinedEvent) {
      joined = true;
      if (!joinedEvent.getHasControl()) {
        view.joinedWithoutControl(session);
        return;
      }
      TunnelMux mux =
          TunnelMux.agentSide(
              stream.frameSink(frame -> AgentMessage.newBuilder().setRelay(frame).build()), this);
      tunnel = mux;
      forward.start(mux);
      view.tunnelReady(forward.localEndpoint(), session);
    }

    @Override
    public void onClosed(Throwable failure) {
      if (outcome.isDone()) {
        return;
      }
      if (endRequestedAtNanos != 0) {
        finish(ExitCode.OK);
        return;
      }
      Throwable cause =
          failure != null
              ? failure
              : Status.UNAVAILABLE
                  .withDescription("the broker closed the stream without ending the session")
                  .asRuntimeException();
      view.failed(cause);
      finish(joined ? ExitCode.ENDED_ABNORMALLY : ExitCode.of(cause));
    }

    @Override
    public void opened(int channel) {
      view.connectionOpened(channel);
    }

    @Override
    public void closed(int channel, String error) {
      view.connectionClosed(channel, error);
    }
  }
}
