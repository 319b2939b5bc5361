package puente.customer;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import puente.client.BrokerStream;
import puente.client.ChannelListener;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.ParticipantNames;
import puente.client.TunnelMux;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.MachineIdentity;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;

/**
 * The customer's side of one support session, independent of how it is shown: registers for a
 * code, holds the {@code Connect} stream, forwards consent answers, removals and pauses, and serves
 * the tunnel to the customer's service once the session has started (never before: consent
 * before bytes), to whichever participant holds control.
 */
final class HelperSession {
  private static final Duration REGISTER_DEADLINE = Duration.ofSeconds(30);
  private static final Duration END_GRACE = Duration.ofSeconds(5);

  /** What the customer registers with. */
  record Settings(
      String licenceKey,
      String product,
      String installedVersion,
      Endpoint service,
      Locale locale,
      MachineIdentity machine) {}

  private final Channel channel;
  private final Settings settings;
  private final HelperView view;
  private final CompletableFuture<ExitCode> outcome = new CompletableFuture<>();
  private final BrokerStream<HelperMessage, HelperEvent> stream;
  private volatile TunnelMux tunnel;
  private volatile List<Participant> participants = List.of();
  private volatile boolean live;
  private volatile long endRequestedAtNanos;

  HelperSession(Channel channel, Settings settings, HelperView view) {
    this.channel = requireNonNull(channel, "channel");
    this.settings = requireNonNull(settings, "settings");
    this.view = requireNonNull(view, "view");
    this.stream = new BrokerStream<>(new Events());
  }

  /**
   * Registers this machine and gets a code.
   *
   * @throws io.grpc.StatusRuntimeException if refused or the broker is unreachable
   */
  RegisterResponse register() {
    return HelperServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(REGISTER_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
        .register(
            RegisterRequest.newBuilder()
                .setLicenceKey(settings.licenceKey())
                .setProduct(settings.product())
                .setInstalledVersion(settings.installedVersion())
                .setMachine(settings.machine())
                .setLocale(settings.locale().toLanguageTag())
                .setOfferedService("TCP " + settings.service())
                .build());
  }

  /** Opens the session stream and authenticates it with the token from {@link #register}. */
  void connect(String helperToken) {
    HelperServiceGrpc.newStub(channel).connect(stream);
    stream.send(
        HelperMessage.newBuilder()
            .setHello(HelperMessage.Hello.newBuilder().setHelperToken(helperToken))
            .build());
  }

  /** Sends the customer's answer to a consent prompt. */
  void answer(String promptId, boolean accepted) {
    stream.send(
        HelperMessage.newBuilder()
            .setConsent(
                HelperMessage.ConsentAnswer.newBuilder()
                    .setPromptId(promptId)
                    .setAccepted(accepted))
            .build());
  }

  /**
   * Finds a participant by what the customer typed (user name, full name or unique first name).
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

  /** The customer removes a participant; the broker tells them and closes their stream. */
  void remove(String participantId) {
    stream.send(
        HelperMessage.newBuilder()
            .setRemove(
                HelperMessage.RemoveParticipant.newBuilder().setParticipantId(participantId))
            .build());
  }

  /** The customer pauses (true) or resumes (false) sharing. */
  void pause(boolean paused) {
    stream.send(
        HelperMessage.newBuilder()
            .setPause(HelperMessage.Pause.newBuilder().setPaused(paused))
            .build());
  }

  /** The customer ends the session: tells the broker and closes this side of the stream. */
  void end() {
    if (endRequestedAtNanos == 0) {
      endRequestedAtNanos = System.nanoTime();
    }
    stream.send(
        HelperMessage.newBuilder().setEnd(HelperMessage.EndSession.getDefaultInstance()).build());
    stream.complete();
  }

  /** Tells whether the session has finished (ended, failed or given up after {@link #end}). */
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
          stream.cancel("the customer ended the session");
          finish(ExitCode.OK);
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  private void finish(ExitCode code) {
    TunnelMux current = tunnel;
    if (current != null) {
      current.close();
    }
    outcome.complete(code);
  }

  private final class Events implements BrokerStream.Listener<HelperEvent>, ChannelListener {
    @Override
    public void onMessage(HelperEvent event) {
      switch (event.getKindCase()) {
        case WAITING -> view.waiting(event.getWaiting().getCode());
        case CONSENT_PROMPT -> view.consentRequested(event.getConsentPrompt());
        case STARTED -> {
          tunnel = newTunnel();
          live = true;
          view.started(event.getStarted());
        }
        case NOTICE -> {
          if (live && movesTheTunnel(event.getNotice().getKind())) {
            TunnelMux previous = tunnel;
            tunnel = newTunnel();
            previous.close();
          }
          view.notice(event.getNotice());
        }
        case RELAY -> {
          TunnelMux current = tunnel;
          if (event.getRelay().hasTunnel() && current != null) {
            current.receive(event.getRelay().getTunnel());
          } else if (event.getRelay().hasChat()) {
            view.chat(event.getRelay().getChat().getFrom(), event.getRelay().getChat().getText());
          }
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

    private TunnelMux newTunnel() {
      return TunnelMux.helperSide(
          stream.frameSink(frame -> HelperMessage.newBuilder().setRelay(frame).build()),
          settings.service(),
          this);
    }

    /**
     * The tunnel runs between the customer and whoever holds control: when control moves, or
     * nobody from staff is left, the previous holder's connections to the service are closed so
     * that the next holder starts with fresh channels.
     */
    private boolean movesTheTunnel(Notice.Kind kind) {
      return kind == Notice.Kind.CONTROL_CHANGED || kind == Notice.Kind.RETURNED_TO_QUEUE;
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
      finish(live ? ExitCode.ENDED_ABNORMALLY : ExitCode.of(cause));
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
