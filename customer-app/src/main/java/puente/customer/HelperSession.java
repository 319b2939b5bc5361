package puente.customer;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
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
import puente.client.LaneDialer;
import puente.client.ParticipantNames;
import puente.client.TunnelMux;
import puente.customer.desktop.Desktop;
import puente.customer.desktop.InputPlayer;
import puente.customer.desktop.ScreenSharer;
import puente.v1.AccessKind;
import puente.v1.ChatMessage;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.MachineIdentity;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;
import puente.v1.RelayFrame;
import puente.v1.SessionStarted;
import puente.v1.TunnelFrame;

/**
 * The customer's side of one support session, independent of how it is shown: registers for a code,
 * holds the {@code Connect} stream, forwards consent answers, removals and pauses, and once the
 * session has started (never before: consent before pixels) serves what the customer granted: the
 * tunnel to the customer's service ({@code TUNNEL}, to whichever participant holds control), the
 * screen ({@code VIEW}), or the screen and input ({@code CONTROL}). Pausing stops both screen and
 * input here, and the broker enforces it too.
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
      MachineIdentity machine,
      Desktop desktop,
      int maxFps) {
    /** Terminal-mode settings for a tunnel only, as before screen sharing existed. */
    Settings(
        String licenceKey,
        String product,
        String installedVersion,
        Endpoint service,
        Locale locale,
        MachineIdentity machine) {
      this(licenceKey, product, installedVersion, service, locale, machine, null, 15);
    }

    /** What the customer offers, as the agent sees it: "TCP 127.0.0.1:5900, pantalla 1280×800". */
    String offered() {
      List<String> parts = new ArrayList<>();
      if (service != null) {
        parts.add("TCP " + service);
      }
      if (desktop != null) {
        parts.add("screen " + desktop.describe());
      }
      return String.join(", ", parts);
    }
  }

  private final Channel channel;
  private final LaneDialer lanes;
  private final Settings settings;
  private final HelperView view;
  private final CompletableFuture<ExitCode> outcome = new CompletableFuture<>();
  private final BrokerStream<HelperMessage, HelperEvent> stream;
  private final Events events;
  private volatile TunnelMux tunnel;
  private volatile ScreenSharer sharer;
  private volatile InputPlayer input;
  private volatile List<Participant> participants = List.of();
  private volatile boolean live;
  private volatile boolean paused;
  private volatile boolean inputGranted;
  private volatile long endRequestedAtNanos;
  private volatile EndReason endReason;

  /**
   * Whether characters the agent types are pasted through the customer's clipboard (only where the
   * desktop cannot type them: no XTest and not Windows).
   */
  boolean typesThroughClipboard() {
    return settings.desktop() != null && settings.desktop().typesThroughClipboard();
  }

  HelperSession(Channel channel, LaneDialer lanes, Settings settings, HelperView view) {
    this.channel = requireNonNull(channel, "channel");
    this.lanes = requireNonNull(lanes, "lanes");
    this.settings = requireNonNull(settings, "settings");
    this.view = requireNonNull(view, "view");
    this.events = new Events();
    this.stream = new BrokerStream<>(events);
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
                .setOfferedService(settings.offered())
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
    // What a yes allows arrives from the broker as the new grant (see onMessage: GRANT).
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

  /**
   * The customer pauses or resumes sharing: no screen is captured and no input is played while
   * paused; the broker is told so it refuses both as well.
   */
  void pause(boolean pause) {
    HelperMessage tellBroker =
        HelperMessage.newBuilder()
            .setPause(HelperMessage.Pause.newBuilder().setPaused(pause))
            .build();
    if (!pause) {
      // The broker first, or it would refuse the full frame that resuming starts with.
      stream.send(tellBroker);
    }
    paused = pause;
    ScreenSharer current = sharer;
    if (current != null) {
      current.setPaused(pause);
    }
    InputPlayer player = input;
    if (pause && player != null) {
      player.releaseAll();
    }
    if (pause) {
      stream.send(tellBroker);
    }
    view.paused(pause);
  }

  /** Whether the customer has paused sharing. */
  boolean isPaused() {
    return paused;
  }

  /** The customer removes someone from the session. */
  void remove(String participantId) {
    stream.send(
        HelperMessage.newBuilder()
            .setRemove(HelperMessage.RemoveParticipant.newBuilder().setParticipantId(participantId))
            .build());
  }

  /** The customer writes in the chat. */
  void chat(String text) {
    stream.send(
        HelperMessage.newBuilder()
            .setRelay(RelayFrame.newBuilder().setChat(ChatMessage.newBuilder().setText(text)))
            .build());
  }

  /** The screen sharer, while the screen is shared (for the window's status line). */
  ScreenSharer sharer() {
    return sharer;
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

  /**
   * Tells whether the broker ended this session's code before anyone connected: its lifetime ran
   * out, or it was ended after too many wrong guesses. The customer can ask for a new code.
   */
  boolean codeExpired() {
    return endReason == EndReason.CODE_EXPIRED && !live;
  }

  /** Tells whether the session started (the customer said yes), even if it is over now. */
  boolean wasLive() {
    return live;
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
    stopScreen();
    outcome.complete(code);
  }

  private synchronized void startScreen() {
    Desktop desktop = settings.desktop();
    if (desktop == null || sharer != null || outcome.isDone()) {
      return;
    }
    ScreenSharer started =
        new ScreenSharer(
            desktop,
            stream.frameSink(frame -> HelperMessage.newBuilder().setRelay(frame).build()),
            settings.maxFps(),
            view::screenFailed);
    started.setPaused(paused);
    sharer = started;
    input = new InputPlayer(desktop);
    started.start();
  }

  private synchronized void stopScreen() {
    ScreenSharer current = sharer;
    if (current != null) {
      current.close();
    }
    InputPlayer player = input;
    if (player != null) {
      player.close();
    }
  }

  private void started(SessionStarted started) {
    AccessKind access = started.getAccess();
    if (access == AccessKind.TUNNEL && settings.service() != null) {
      tunnel = events.newTunnel();
    }
    live = true;
    inputGranted = access == AccessKind.CONTROL;
    if (access == AccessKind.VIEW || access == AccessKind.CONTROL) {
      startScreen();
    }
    view.started(started);
  }

  /**
   * The customer's grant changed (a yes to a prompt, or a narrowing): input is played only with
   * CONTROL, and the screen is shared once VIEW is granted. The broker enforces the same; this
   * side's check is a courtesy.
   */
  private void granted(List<AccessKind> capabilities) {
    inputGranted = capabilities.contains(AccessKind.CONTROL);
    if (live && capabilities.contains(AccessKind.VIEW)) {
      startScreen();
    }
    view.granted(List.copyOf(capabilities));
  }

  private void relay(RelayFrame frame) {
    switch (frame.getKindCase()) {
      case TUNNEL -> {
        TunnelMux current = tunnel;
        if (current != null) {
          current.receive(frame.getTunnel());
        } else {
          // No tunnel was granted: say so, so the agent's connection does not hang.
          refuseTunnel(frame);
        }
      }
      case CHAT -> view.chat(frame.getChat().getFrom(), frame.getChat().getText());
      case SCREEN_REQUEST -> {
        ScreenSharer current = sharer;
        if (current != null) {
          current.requestFullFrame();
        }
      }
      case INPUT -> {
        InputPlayer player = input;
        if (player != null && inputGranted && !paused) {
          player.offer(frame.getInput());
        }
      }
      case CLIPBOARD -> {
        InputPlayer player = input;
        if (player != null && inputGranted && !paused) {
          player.offerClipboard(frame.getClipboard().getText());
        }
      }
      default -> {
        // A frame kind from a newer version: ignore it.
      }
    }
  }

  private void refuseTunnel(RelayFrame frame) {
    if (frame.getTunnel().hasOpen()) {
      stream.send(
          HelperMessage.newBuilder()
              .setRelay(
                  RelayFrame.newBuilder()
                      .setTunnel(
                          TunnelFrame.newBuilder()
                              .setChannel(frame.getTunnel().getChannel())
                              .setClose(
                                  TunnelFrame.Close.newBuilder()
                                      .setError("no tunnel was granted"))))
              .build());
    }
  }

  private final class Events implements BrokerStream.Listener<HelperEvent>, ChannelListener {
    @Override
    public void onMessage(HelperEvent event) {
      switch (event.getKindCase()) {
        case WAITING -> view.waiting(event.getWaiting().getCode());
        case CONSENT_PROMPT -> view.consentRequested(event.getConsentPrompt());
        case GRANT -> granted(event.getGrant().getCapabilitiesList());
        case STARTED -> started(event.getStarted());
        case RELAY -> relay(event.getRelay());
        case PARTICIPANTS -> {
          participants = List.copyOf(event.getParticipants().getParticipantsList());
          view.participants(participants);
        }
        case NOTICE -> {
          if (live && movesTheTunnel(event.getNotice().getKind())) {
            moveTunnel();
          }
          view.notice(event.getNotice());
        }
        case ENDED -> {
          endReason = event.getEnded().getReason();
          view.ended(event.getEnded());
          finish(ExitCode.of(event.getEnded().getReason()));
        }
        default -> {
          // An event from a newer broker that this version does not know: ignore it.
        }
      }
    }

    /** When control moves, the next holder starts with fresh tunnel channels. */
    private void moveTunnel() {
      TunnelMux previous = tunnel;
      if (previous != null) {
        tunnel = newTunnel();
        previous.close();
      }
    }

    private TunnelMux newTunnel() {
      return TunnelMux.helperSide(
          stream.frameSink(frame -> HelperMessage.newBuilder().setRelay(frame).build()),
          settings.service(),
          lanes,
          this);
    }

    /**
     * The tunnel runs between the customer and whoever holds control: when control moves, or nobody
     * from staff is left, the previous holder's connections to the service are closed so that the
     * next holder starts with fresh channels.
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
