package puente.agent;

import static java.util.Objects.requireNonNull;

import io.grpc.CallCredentials;
import io.grpc.Channel;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import puente.client.BrokerStream;
import puente.client.ChannelListener;
import puente.client.ExitCode;
import puente.client.ParticipantNames;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.ControlAction;
import puente.v1.ControlChanged;
import puente.v1.EndSessionRequest;
import puente.v1.EscalateRequest;
import puente.v1.Notice;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.Participant;
import puente.v1.RelayFrame;

/**
 * The agent's side of one session, independent of how it is shown: opens it by code or joins an
 * escalated one, attaches the stream, passes control, keeps the local tunnel port open only while
 * this agent holds control (the broker carries the tunnel to the controller alone), passes screen
 * frames to the view, and sends the viewer's input, clipboard and chat.
 */
final class AgentSession {
  /** The customer has up to two minutes to answer the consent prompt; allow for the broker. */
  static final Duration OPEN_DEADLINE = Duration.ofMinutes(3);

  private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);
  private static final Duration END_GRACE = Duration.ofSeconds(5);

  private final AgentServiceGrpc.AgentServiceBlockingStub blocking;
  private final AgentServiceGrpc.AgentServiceStub async;
  private final AgentView view;
  private final CompletableFuture<ExitCode> outcome = new CompletableFuture<>();
  private final BrokerStream<AgentMessage, AgentEvent> stream;
  private volatile String sessionId;
  private volatile ControlTunnel tunnel;
  private volatile List<Participant> participants = List.of();
  private volatile boolean joined;
  private volatile boolean leaving;
  private volatile Notice.Kind dismissal;
  private volatile long finishRequestedAtNanos;

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
   * Joins the session's stream: one this agent opened, or one offered to them by an escalation.
   * Whenever this agent holds control, the local port forwards to the customer's service.
   *
   * @param id the session id
   * @param mode watch, or watch and ask for control at once
   * @param localTunnel the bound local port, or null to watch the screen without a tunnel; the
   *     session closes it when it ends
   */
  void attach(String id, AgentMessage.JoinMode mode, ControlTunnel localTunnel) {
    this.sessionId = requireNonNull(id, "id");
    this.tunnel = localTunnel;
    async.attach(stream);
    stream.send(
        AgentMessage.newBuilder()
            .setJoin(AgentMessage.Join.newBuilder().setSessionId(id).setMode(mode))
            .build());
  }

  /** Sends a data-plane frame: input, clipboard, chat or a request for a full screen frame. */
  void send(RelayFrame frame) {
    stream.send(AgentMessage.newBuilder().setRelay(frame).build());
  }

  /** Whether this agent asked to end or leave the session. */
  boolean finishRequested() {
    return finishRequestedAtNanos != 0;
  }

  /** Asks whoever holds control to pass it to this agent (the customer is asked too). */
  void requestControl() {
    control(ControlAction.Kind.REQUEST, "");
  }

  /** Passes control to another participant; the customer may veto. */
  void grant(String participantId) {
    control(ControlAction.Kind.GRANT, participantId);
  }

  /** Gives control up; it returns to the session's owner. */
  void release() {
    control(ControlAction.Kind.RELEASE, "");
  }

  /** The session's owner takes control back. */
  void takeBack() {
    control(ControlAction.Kind.TAKE_BACK, "");
  }

  /**
   * Finds a participant by what the agent typed (user name, full name or unique first name).
   *
   * @return the participant, or empty if nobody or several match
   */
  Optional<Participant> participant(String typed) {
    return ParticipantNames.find(participants, typed);
  }

  /** Who is connected, as the broker last said. */
  List<Participant> participants() {
    return participants;
  }

  /**
   * Offers this session to the specialist queue or to one specialist.
   *
   * @param specialist a specialist's user name, or empty for the queue
   * @throws io.grpc.StatusRuntimeException if refused
   */
  void escalate(String specialist, String note) {
    blocking
        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .escalate(
            EscalateRequest.newBuilder()
                .setSessionId(sessionId)
                .setSpecialist(specialist)
                .setNote(note)
                .build());
  }

  /** Leaves the session; it goes on for the others. */
  void leave() {
    leaving = true;
    markFinishRequested();
    stream.send(
        AgentMessage.newBuilder().setLeave(AgentMessage.Leave.getDefaultInstance()).build());
  }

  /** Ends the session for everyone and leaves the stream. */
  void end() {
    markFinishRequested();
    try {
      blocking
          .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
          .endSession(EndSessionRequest.newBuilder().setSessionId(sessionId).build());
    } finally {
      stream.complete();
    }
  }

  boolean isOver() {
    return outcome.isDone();
  }

  /**
   * Waits for the session to finish. After {@link #end()} or {@link #leave()}, waits at most a few
   * seconds for the broker to confirm, then cancels the stream.
   *
   * @return how the session finished
   */
  ExitCode awaitOutcome() throws InterruptedException {
    while (true) {
      try {
        return outcome.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        long requested = finishRequestedAtNanos;
        if (requested != 0 && System.nanoTime() - requested > END_GRACE.toNanos()) {
          stream.cancel("the agent ended or left the session");
          finish(ExitCode.OK);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  private void control(ControlAction.Kind kind, String participantId) {
    stream.send(
        AgentMessage.newBuilder()
            .setControl(ControlAction.newBuilder().setKind(kind).setParticipantId(participantId))
            .build());
  }

  private void markFinishRequested() {
    if (finishRequestedAtNanos == 0) {
      finishRequestedAtNanos = System.nanoTime();
    }
  }

  private void finish(ExitCode code) {
    ControlTunnel local = tunnel;
    if (local != null) {
      local.close();
    }
    outcome.complete(code);
  }

  private String displayName(String participantId) {
    return participants.stream()
        .filter(p -> p.getId().equals(participantId))
        .map(Participant::getDisplayName)
        .findFirst()
        .orElse(participantId);
  }

  private final class Events implements BrokerStream.Listener<AgentEvent>, ChannelListener {
    @Override
    public void onMessage(AgentEvent event) {
      switch (event.getKindCase()) {
        case JOINED -> {
          joined = true;
          if (tunnel == null) {
            view.watching(event.getJoined().getHasControl());
          } else if (event.getJoined().getHasControl()) {
            startTunnel();
          } else {
            tunnel.suspend();
            view.joinedWithoutControl();
          }
        }
        case RELAY -> {
          if (event.getRelay().hasTunnel()) {
            if (tunnel != null) {
              tunnel.receive(event.getRelay().getTunnel());
            }
          } else if (event.getRelay().hasChat()) {
            view.chat(event.getRelay().getChat().getFrom(), event.getRelay().getChat().getText());
          } else if (event.getRelay().hasScreen()) {
            view.screen(event.getRelay().getScreen());
          } else if (event.getRelay().hasClipboard()) {
            view.clipboard(event.getRelay().getClipboard().getText());
          }
        }
        case CONTROL -> controlChanged(event.getControl());
        case NOTICE -> {
          Notice notice = event.getNotice();
          if (notice.getKind() == Notice.Kind.REMOVED || notice.getKind() == Notice.Kind.TOO_SLOW) {
            dismissal = notice.getKind();
          }
          view.notice(notice);
        }
        case PARTICIPANTS -> {
          participants = List.copyOf(event.getParticipants().getParticipantsList());
          view.participants(participants);
        }
        case ENDED -> {
          view.ended(event.getEnded());
          finish(ExitCode.of(event.getEnded().getReason()));
        }
        default -> {
          // An event from a newer broker that this version does not know: ignore it.
        }
      }
    }

    private void controlChanged(ControlChanged change) {
      if (!change.getRequester().isEmpty()) {
        view.controlRequested(change.getRequester(), displayName(change.getRequester()));
        return;
      }
      view.controlChanged(
          change.getHolder().isEmpty() ? "" : displayName(change.getHolder()),
          change.getYouHaveControl());
      if (tunnel == null) {
        return;
      }
      if (change.getYouHaveControl()) {
        startTunnel();
      } else if (tunnel.isOpen()) {
        tunnel.suspend();
        view.tunnelClosed(tunnel.localEndpoint());
      }
    }

    private void startTunnel() {
      if (tunnel.isOpen()) {
        return;
      }
      try {
        tunnel.open(
            stream.frameSink(frame -> AgentMessage.newBuilder().setRelay(frame).build()), this);
        view.tunnelReady(tunnel.localEndpoint());
      } catch (IOException e) {
        view.tunnelFailed(tunnel.localEndpoint(), e.getMessage());
      }
    }

    @Override
    public void onClosed(Throwable failure) {
      if (outcome.isDone()) {
        return;
      }
      if (failure == null && leaving) {
        view.left();
        finish(ExitCode.OK);
        return;
      }
      if (failure == null && dismissal != null) {
        finish(dismissal == Notice.Kind.REMOVED ? ExitCode.OK : ExitCode.ENDED_ABNORMALLY);
        return;
      }
      if (finishRequestedAtNanos != 0) {
        finish(ExitCode.OK);
        return;
      }
      Throwable cause =
          failure != null
              ? failure
              : Status.UNAVAILABLE
                  .withDescription("the broker closed the stream without ending the session")
                  .asRuntimeException();
      if (joined) {
        view.failed(cause);
        finish(ExitCode.ENDED_ABNORMALLY);
      } else {
        view.joinRefused(cause);
        finish(ExitCode.of(cause));
      }
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
