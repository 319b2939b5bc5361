package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.EscalateRequest;
import puente.v1.HelperMessage;
import puente.v1.ListSessionsRequest;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRegion;

/**
 * A viewer that stops reading, on manual time with the default lag grace (0.25 s) and stall limit
 * (20 s): it holds the customer's screen back for one grace at most, then skips frames, and is
 * dropped at the first frame once it has lagged past the limit.
 */
class ViewerStallTest {
  static final Duration LAG_GRACE = Duration.ofMillis(250);

  final ManualTime time = new ManualTime(SessionFlowTest.OFFICE_OPEN.instant());
  final SessionFlowTest flow = new SessionFlowTest();
  final List<Long> sofiaFrames = new CopyOnWriteArrayList<>();
  ManagedChannel narrow;

  @BeforeEach
  void start() throws Exception {
    flow.start(time);
    flow.fixture.addAgent("sofia", "Sofía Méndez", Role.SPECIALIST);
    flow.fixture.addAgent("sup", "Supervisora Díaz", Role.SUPERVISOR);
  }

  @AfterEach
  void stop() throws Exception {
    if (narrow != null) {
      narrow.shutdownNow();
    }
    flow.fixture.close();
  }

  @Test
  void aViewerThatStopsReadingSkipsFramesAndIsDroppedOnlyPastTheStallLimit() throws Exception {
    AcceptedSession live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.VIEW);
    EscalationTest.Staff ana = live.attach(flow.agent);
    flow.agentBlocking.escalate(
        EscalateRequest.newBuilder().setSessionId(live.opened().getSessionId()).build());
    Recorder<AgentEvent> sofia = new Recorder<>();
    AtomicReference<ClientCallStreamObserver<AgentMessage>> sofiaReader =
        attachStalled(live.opened().getSessionId(), sofia);
    live.events()
        .next(
            e ->
                e.hasParticipants()
                    && e.getParticipants().getParticipantsList().stream()
                        .anyMatch(p -> p.getId().equals("sofia")));

    // A frame larger than Sofía's window and the broker's ready threshold together: her stream
    // cannot take it, so the customer's next frame waits for the lag grace, and no longer.
    live.send(screen(1, 1024 * 1024));
    ana.events().next(e -> isScreen(e, 1));
    time.awaitTimeoutWithin(LAG_GRACE);
    time.advance(LAG_GRACE);
    live.send(screen(2, 16));
    ana.events().next(e -> isScreen(e, 2));

    // Lagging for 19 s since the first frame: frames pass her by, she stays.
    time.advance(Duration.ofSeconds(19).minus(LAG_GRACE));
    live.send(screen(3, 16));
    ana.events().next(e -> isScreen(e, 3));
    live.send(screen(4, 16));
    ana.events().next(e -> isScreen(e, 4));
    time.settle();
    assertThat(timeline(live))
        .extracting(TimelineEntry::kind)
        .doesNotContain(EventKind.VIEWER_DROPPED);
    assertThat(memberNames()).containsExactly("ana", "sofia");

    // Past the limit, the next frame drops her, with the reason on the ticket.
    time.advance(Duration.ofSeconds(2));
    live.send(screen(5, 16));
    ana.events().next(e -> isScreen(e, 5));
    time.settle();
    // The drop is handed off the relay path, maybe after Ana's frame: wait for it (no time
    // passes meanwhile).
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(timeline(live))
                    .filteredOn(e -> e.kind() == EventKind.VIEWER_DROPPED)
                    .singleElement()
                    .satisfies(e -> assertThat(e.actor()).isEqualTo("broker"))
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("sofia")));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(memberNames()).containsExactly("ana"));

    // Reading again, she finds no frame after the one that stalled her, then why she was dropped,
    // and her stream ends normally.
    sofiaReader.get().request(Integer.MAX_VALUE);
    AgentEvent told =
        sofia.next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.TOO_SLOW);
    assertThat(told.getNotice().getMessage()).startsWith("Su conexión no alcanzó");
    sofia.done().get(10, TimeUnit.SECONDS);
    assertThat(sofiaFrames).containsExactly(1L);
  }

  /**
   * Sofía attaches over a connection with a small window and reads only her first message; what
   * follows stays unread until the test asks for it.
   */
  AtomicReference<ClientCallStreamObserver<AgentMessage>> attachStalled(
      String sessionId, Recorder<AgentEvent> events) {
    narrow =
        NettyChannelBuilder.forAddress("127.0.0.1", flow.fixture.broker().grpcPort())
            .usePlaintext()
            .flowControlWindow(64 * 1024)
            .build();
    AtomicReference<ClientCallStreamObserver<AgentMessage>> reader = new AtomicReference<>();
    AgentServiceGrpc.newStub(narrow)
        .withCallCredentials(BrokerFixture.bearer(flow.fixture.login("sofia")))
        .attach(
            new ClientResponseObserver<AgentMessage, AgentEvent>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<AgentMessage> request) {
                reader.set(request);
                request.disableAutoRequestWithInitial(1);
              }

              @Override
              public void onNext(AgentEvent value) {
                if (value.hasRelay() && value.getRelay().hasScreen()) {
                  sofiaFrames.add(value.getRelay().getScreen().getSequence());
                }
                events.onNext(value);
              }

              @Override
              public void onError(Throwable t) {
                events.onError(t);
              }

              @Override
              public void onCompleted() {
                events.onCompleted();
              }
            })
        .onNext(
            AgentMessage.newBuilder()
                .setJoin(AgentMessage.Join.newBuilder().setSessionId(sessionId))
                .build());
    return reader;
  }

  static HelperMessage screen(long sequence, int bytes) {
    byte[] pixels = new byte[bytes];
    new java.util.Random(sequence).nextBytes(pixels);
    return HelperMessage.newBuilder()
        .setRelay(
            RelayFrame.newBuilder()
                .setScreen(
                    ScreenFrame.newBuilder()
                        .setSequence(sequence)
                        .setFull(sequence == 1)
                        .setWidth(1280)
                        .setHeight(800)
                        .addRegions(
                            ScreenRegion.newBuilder()
                                .setWidth(128)
                                .setHeight(128)
                                .setEncoding(ScreenRegion.Encoding.RGB_DEFLATE)
                                .setData(ByteString.copyFrom(pixels)))))
        .build();
  }

  static boolean isScreen(AgentEvent event, long sequence) {
    return event.hasRelay()
        && event.getRelay().hasScreen()
        && event.getRelay().getScreen().getSequence() == sequence;
  }

  List<TimelineEntry> timeline(AcceptedSession live) {
    return flow.fixture.broker().tickets().timeline(live.ticket());
  }

  /** The staff in the session, as a supervisor sees them. */
  List<String> memberNames() {
    return AgentServiceGrpc.newBlockingStub(flow.fixture.channel())
        .withCallCredentials(BrokerFixture.bearer(flow.fixture.login("sup")))
        .listSessions(ListSessionsRequest.getDefaultInstance())
        .getSessions(0)
        .getParticipantsList()
        .stream()
        .map(Participant::getId)
        .filter(id -> !id.equals("customer"))
        .toList();
  }
}
