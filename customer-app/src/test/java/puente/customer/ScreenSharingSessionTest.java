package puente.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.client.Locales;
import puente.client.Protos;
import puente.v1.AccessKind;
import puente.v1.ConsentPrompt;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.InputEvent;
import puente.v1.MachineIdentity;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRequest;
import puente.v1.SessionEnded;
import puente.v1.SessionStarted;

/** The helper's screen sharing against a stand-in broker, with a screen that always changes. */
class ScreenSharingSessionTest {
  private static final int FPS = 20;
  private static final Duration FRAME_INTERVAL = Duration.ofMillis(1000 / FPS);

  private FakeHelperBroker broker;
  private ManagedChannel channel;
  private final FakeDesktop desktop = new FakeDesktop();
  private HelperSession session;

  @BeforeEach
  void connect() throws Exception {
    broker = new FakeHelperBroker();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", broker.port()).usePlaintext().build();
    session =
        new HelperSession(
            channel,
            broker.lanes(),
            new HelperSession.Settings(
                "LIC-1",
                "contabilidad",
                "2026.3",
                null,
                Locales.SPANISH_MEXICO,
                MachineIdentity.getDefaultInstance(),
                desktop,
                FPS),
            new SilentView());
    session.register();
    session.connect(FakeHelperBroker.TOKEN);
    assertThat(broker.nextFromHelper().hasHello()).isTrue();
  }

  @AfterEach
  void close() throws Exception {
    session.end();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    broker.close();
  }

  @Test
  void nothingIsCapturedBeforeConsentAndTheFirstFrameAfterIsFull() throws Exception {
    broker.send(
        HelperEvent.newBuilder()
            .setConsentPrompt(
                ConsentPrompt.newBuilder()
                    .setPromptId("p1")
                    .setAccess(AccessKind.VIEW)
                    .setMessage("¿Lo permite?"))
            .build());
    Thread.sleep(20 * FRAME_INTERVAL.toMillis());

    assertThat(desktop.captures.get()).isZero();
    session.answer("p1", true);
    assertThat(broker.nextFromHelper().getConsent().getAccepted()).isTrue();
    assertThat(desktop.captures.get()).as("accepted, but the session has not started").isZero();

    start(AccessKind.VIEW);
    ScreenFrame first = nextScreenFrame();
    assertThat(first.getFull()).isTrue();
    assertThat(first.getWidth()).isEqualTo(FakeDesktop.WIDTH);
    assertThat(first.getCursorX()).isEqualTo(1);
    assertThat(registeredOffer()).contains("screen 320×200");
  }

  @Test
  void pauseStopsFramesWithinOneFrameIntervalAndResumeStartsWithAFullFrame() throws Exception {
    start(AccessKind.CONTROL);
    for (int i = 0; i < 5; i++) {
      nextScreenFrame();
    }

    Instant pausedAt = Instant.now();
    session.pause(true);
    List<HelperMessage> afterPause = drain(Duration.ofMillis(20 * FRAME_INTERVAL.toMillis()));
    int capturesSoonAfter = desktop.captures.get();
    Thread.sleep(10 * FRAME_INTERVAL.toMillis());

    assertThat(desktop.captures.get()).as("captures while paused").isEqualTo(capturesSoonAfter);
    int pauseIndex = indexOfPause(afterPause, true);
    assertThat(pauseIndex).as("the broker was told").isGreaterThanOrEqualTo(0);
    assertThat(afterPause.subList(pauseIndex, afterPause.size()))
        .noneMatch(message -> message.getRelay().hasScreen());
    for (HelperMessage message : afterPause.subList(0, pauseIndex)) {
      Instant captured = Protos.instant(message.getRelay().getScreen().getCapturedAt());
      assertThat(captured).isBefore(pausedAt.plus(FRAME_INTERVAL));
    }

    session.pause(false);
    assertThat(indexOfPause(drainUntilScreen(), false)).isGreaterThanOrEqualTo(0);
    assertThat(nextScreenFrame().getFull()).isTrue();
  }

  @Test
  void inputIsPlayedOnlyWithControlAndNeverWhilePaused() throws Exception {
    start(AccessKind.CONTROL);
    nextScreenFrame();

    sendInput(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> desktop.played.size() == 1);
    session.pause(true);
    sendInput(2);
    broker.send(
        HelperEvent.newBuilder()
            .setRelay(
                RelayFrame.newBuilder()
                    .setClipboard(puente.v1.ClipboardText.newBuilder().setText("secreto")))
            .build());
    Thread.sleep(300);
    assertThat(desktop.played).extracting(InputEvent::getSequence).containsExactly(1L);
    assertThat(desktop.clipboard).isEmpty();

    session.pause(false);
    sendInput(3);
    await().atMost(Duration.ofSeconds(5)).until(() -> desktop.played.size() == 2);
    assertThat(desktop.played).extracting(InputEvent::getSequence).containsExactly(1L, 3L);
  }

  @Test
  void aViewOnlySessionPlaysNoInputButServesFullFramesOnRequest() throws Exception {
    start(AccessKind.VIEW);
    nextScreenFrame();

    sendInput(1);
    broker.send(
        HelperEvent.newBuilder()
            .setRelay(RelayFrame.newBuilder().setScreenRequest(ScreenRequest.getDefaultInstance()))
            .build());

    boolean sawFull = false;
    for (int i = 0; i < 10 && !sawFull; i++) {
      sawFull = nextScreenFrame().getFull();
    }
    assertThat(sawFull).isTrue();
    assertThat(desktop.played).isEmpty();
  }

  private void start(AccessKind access) {
    broker.send(
        HelperEvent.newBuilder()
            .setStarted(
                SessionStarted.newBuilder().setSessionId("S-1").setTicketId("1").setAccess(access))
            .build());
  }

  private void sendInput(long sequence) {
    broker.send(
        HelperEvent.newBuilder()
            .setRelay(
                RelayFrame.newBuilder()
                    .setInput(
                        InputEvent.newBuilder()
                            .setSequence(sequence)
                            .setMove(InputEvent.PointerMove.newBuilder().setX(5).setY(6))))
            .build());
  }

  private String registeredOffer() {
    return broker.registrations.peek().getOfferedService();
  }

  private ScreenFrame nextScreenFrame() throws InterruptedException {
    while (true) {
      HelperMessage message = broker.nextFromHelper();
      if (message.getRelay().hasScreen()) {
        return message.getRelay().getScreen();
      }
    }
  }

  private List<HelperMessage> drain(Duration during) throws InterruptedException {
    List<HelperMessage> messages = new ArrayList<>();
    long deadline = System.nanoTime() + during.toNanos();
    while (System.nanoTime() < deadline) {
      HelperMessage message = broker.fromHelper.poll(10, TimeUnit.MILLISECONDS);
      if (message != null) {
        messages.add(message);
      }
    }
    return messages;
  }

  private List<HelperMessage> drainUntilScreen() throws InterruptedException {
    List<HelperMessage> messages = new ArrayList<>();
    while (true) {
      HelperMessage message = broker.nextFromHelper();
      if (message.getRelay().hasScreen()) {
        broker.fromHelper.add(message);
        return messages;
      }
      messages.add(message);
    }
  }

  private static int indexOfPause(List<HelperMessage> messages, boolean paused) {
    for (int i = 0; i < messages.size(); i++) {
      if (messages.get(i).hasPause() && messages.get(i).getPause().getPaused() == paused) {
        return i;
      }
    }
    return -1;
  }

  /** A view that shows nothing: these tests look at the wire and the desktop. */
  private static final class SilentView implements HelperView {
    @Override
    public void waiting(String code) {}

    @Override
    public void consentRequested(ConsentPrompt prompt) {}

    @Override
    public void started(SessionStarted started) {}

    @Override
    public void participants(List<Participant> participants) {}

    @Override
    public void connectionOpened(int channel) {}

    @Override
    public void connectionClosed(int channel, String error) {}

    @Override
    public void chat(String from, String text) {}

    @Override
    public void notice(Notice notice) {}

    @Override
    public void paused(boolean paused) {}

    @Override
    public void screenFailed(RuntimeException failure) {}

    @Override
    public void ended(SessionEnded ended) {}

    @Override
    public void failed(Throwable failure) {}
  }
}
