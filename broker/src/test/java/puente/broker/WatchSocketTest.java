package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.ByteString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.auth.Role;
import puente.broker.ticket.EventKind;
import puente.v1.AccessKind;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRegion;

/**
 * The console's watch socket over real HTTP and a real session: the upgrade checks the Origin and
 * the cookie, the session core decides who may watch, and a watcher is a member the customer sees
 * and removes.
 */
class WatchSocketTest {
  final SessionFlowTest flow = new SessionFlowTest();
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  AcceptedSession live;

  @BeforeEach
  void start() throws Exception {
    flow.start();
    flow.fixture.addAgent("sup", "Supervisora Díaz", Role.SUPERVISOR);
    flow.fixture.addAgent("sofia", "Sofía Méndez", Role.SPECIALIST);
  }

  @AfterEach
  void stop() throws Exception {
    flow.stop();
  }

  /** A session the customer shares their screen in, with Ana attached. */
  void liveScreen() throws Exception {
    live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.VIEW);
    live.attach(flow.agent);
  }

  String base() {
    return flow.fixture.httpBase();
  }

  /** Signs in on the console; returns the cookie header a browser would then send. */
  String signIn(String user) throws Exception {
    return ConsoleClient.signedIn(flow.fixture, user).cookieHeader();
  }

  /** What a page's socket received, in order: text as strings, screens as byte arrays. */
  static final class Page implements WebSocket.Listener {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        received.add(binary.toByteArray());
        binary = new java.io.ByteArrayOutputStream();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(status);
      return null;
    }

    /** The next text message that contains {@code part}, skipping others. */
    String nextText(String part) throws InterruptedException {
      while (true) {
        Object next = received.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("a message containing " + part + " within 10 s").isNotNull();
        if (next instanceof String s && s.contains(part)) {
          return s;
        }
      }
    }

    /** The next screen message, skipping text. */
    byte[] nextScreen() throws InterruptedException {
      while (true) {
        Object next = received.poll(10, TimeUnit.SECONDS);
        assertThat(next).as("a screen message within 10 s").isNotNull();
        if (next instanceof byte[] bytes) {
          return bytes;
        }
      }
    }
  }

  CompletableFuture<WebSocket> open(Page page, String origin, String cookie) {
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    if (cookie != null) {
      builder.header("Cookie", cookie);
    }
    URI uri =
        URI.create(
            "ws://127.0.0.1:"
                + flow.fixture.broker().httpPort()
                + "/console/watch/"
                + live.opened().getSessionId()
                + "/socket");
    return builder.buildAsync(uri, page);
  }

  static int handshakeStatus(CompletableFuture<WebSocket> opening) {
    Throwable failure = catchThrowable(() -> opening.get(10, TimeUnit.SECONDS));
    assertThat(failure).isInstanceOf(ExecutionException.class);
    assertThat(failure.getCause()).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
  }

  @Test
  void aWatchSocketFromAnotherOriginIsRefusedBeforeTheUpgrade() throws Exception {
    liveScreen();
    String cookie = signIn("sup");

    assertThat(handshakeStatus(open(new Page(), "http://evil.example", cookie))).isEqualTo(403);
    assertThat(handshakeStatus(open(new Page(), null, cookie))).isEqualTo(403);
    assertThat(flow.fixture.broker().tickets().timeline(live.ticket()))
        .noneMatch(e -> e.kind() == EventKind.PARTICIPANT_JOINED && "sup".equals(e.actor()));
  }

  @Test
  void aWatchSocketWithoutTheConsoleCookieIsRefused() throws Exception {
    liveScreen();

    assertThat(handshakeStatus(open(new Page(), base(), null))).isEqualTo(401);
    assertThat(handshakeStatus(open(new Page(), base(), "puente_console=made-up"))).isEqualTo(401);
  }

  @Test
  void anAgentWithoutAnOfferIsRefusedWithAReasonAndNeverJoins() throws Exception {
    liveScreen();
    Page page = new Page();
    open(page, base(), signIn("sofia")).get(10, TimeUnit.SECONDS);

    String refusal = page.nextText("\"kind\":\"stopped\"");
    assertThat(refusal)
        .contains("\"reason\":\"PERMISSION_DENIED\"")
        .contains("No puede ver esta sesión")
        .contains("Solo un supervisor");
    assertThat(page.closed.get(10, TimeUnit.SECONDS)).isEqualTo(4403);
    assertThat(flow.fixture.broker().sessions().live().iterator().next().id())
        .isEqualTo(live.opened().getSessionId());
    assertThat(flow.fixture.broker().tickets().timeline(live.ticket()))
        .noneMatch(e -> e.kind() == EventKind.PARTICIPANT_JOINED && "sofia".equals(e.actor()));
  }

  @Test
  void aSupervisorWatchesAsAMemberTheCustomerSeesAndRemoves() throws Exception {
    liveScreen();
    Page page = new Page();
    open(page, base(), signIn("sup")).get(10, TimeUnit.SECONDS);

    // The customer sees her join by name, and her page asks for a full frame through the gate.
    HelperEvent joined =
        live.events()
            .next(
                e ->
                    e.hasParticipants()
                        && e.getParticipants().getParticipantsList().stream()
                            .anyMatch(p -> p.getId().equals("sup")));
    Participant sup =
        joined.getParticipants().getParticipantsList().stream()
            .filter(p -> p.getId().equals("sup"))
            .findFirst()
            .orElseThrow();
    assertThat(sup.getDisplayName()).isEqualTo("Supervisora Díaz");
    assertThat(sup.getRole()).isEqualTo("supervisor");
    assertThat(sup.getHasControl()).isFalse();
    live.events().next(e -> e.hasRelay() && e.getRelay().hasScreenRequest());
    assertThat(page.nextText("\"kind\":\"watching\"")).contains("Viendo la pantalla en vivo");

    // The customer's screen reaches the page as it was sent.
    ByteString pixels = ByteString.copyFromUtf8("not really a png, carried as is");
    live.send(
        HelperMessage.newBuilder()
            .setRelay(
                RelayFrame.newBuilder()
                    .setScreen(
                        ScreenFrame.newBuilder()
                            .setSequence(1)
                            .setFull(true)
                            .setWidth(640)
                            .setHeight(480)
                            .addRegions(
                                ScreenRegion.newBuilder()
                                    .setX(0)
                                    .setY(0)
                                    .setWidth(640)
                                    .setHeight(480)
                                    .setEncoding(ScreenRegion.Encoding.PNG)
                                    .setData(pixels))))
            .build());
    ByteBuffer screen = ByteBuffer.wrap(page.nextScreen());
    assertThat(screen.get()).isEqualTo((byte) 1);
    assertThat(screen.get()).isEqualTo((byte) 1);
    assertThat(screen.getInt()).isEqualTo(640);
    assertThat(screen.getInt()).isEqualTo(480);
    assertThat(screen.getInt()).isEqualTo(1);
    screen.position(screen.position() + 16);
    assertThat(screen.get()).isEqualTo((byte) ScreenRegion.Encoding.PNG_VALUE);
    byte[] data = new byte[screen.getInt()];
    screen.get(data);
    assertThat(ByteString.copyFrom(data)).isEqualTo(pixels);

    // The customer removes her: the page is told why and the socket closes.
    live.send(
        HelperMessage.newBuilder()
            .setRemove(HelperMessage.RemoveParticipant.newBuilder().setParticipantId("sup"))
            .build());
    assertThat(page.nextText("\"kind\":\"stopped\""))
        .contains("Ya no ve esta pantalla")
        .contains("El cliente lo retiró de la sesión.");
    assertThat(page.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    assertThat(flow.fixture.broker().tickets().timeline(live.ticket()))
        .anyMatch(e -> e.kind() == EventKind.PARTICIPANT_JOINED && "sup".equals(e.actor()))
        .anyMatch(e -> e.kind() == EventKind.PARTICIPANT_REMOVED && e.detail().equals("sup"));
  }

  @Test
  void nobodyWatchesASessionWhoseCustomerSharesNoScreen() throws Exception {
    live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    live.attach(flow.agent);
    Page page = new Page();
    open(page, base(), signIn("sup")).get(10, TimeUnit.SECONDS);

    assertThat(page.nextText("\"kind\":\"stopped\""))
        .contains("\"reason\":\"NOT_GRANTED\"")
        .contains("no comparte su pantalla");
  }

  @Test
  void aWatcherLeavesWithTheLastMemberWhoMayActAndNeverOwnsTheSession() throws Exception {
    live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.VIEW);
    EscalationTest.Staff ana = live.attach(flow.agent);
    Page page = new Page();
    open(page, base(), signIn("sup")).get(10, TimeUnit.SECONDS);
    page.nextText("\"kind\":\"watching\"");

    ana.send(
        puente.v1.AgentMessage.newBuilder()
            .setLeave(puente.v1.AgentMessage.Leave.getDefaultInstance())
            .build());

    // The watcher does not inherit the session: it goes back to the queue, without her.
    assertThat(page.nextText("\"kind\":\"stopped\""))
        .contains("Ya no ve esta pantalla")
        .contains("volvió a la cola");
    assertThat(page.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
    live.events()
        .next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.RETURNED_TO_QUEUE);
    assertThat(flow.fixture.broker().sessions().board().now().sessions().get(0).staff()).isEmpty();
  }

  @Test
  void aSpecialistWithAnOfferWatchesAndKeepsTheOfferToTakeTheCaseOver() throws Exception {
    liveScreen();
    flow.agentBlocking.escalate(
        puente.v1.EscalateRequest.newBuilder()
            .setSessionId(live.opened().getSessionId())
            .setSpecialist("sofia")
            .build());
    ConsoleClient sofia = ConsoleClient.signedIn(flow.fixture, "sofia");
    HttpResponse<String> ticket = sofia.get("/console/tickets/" + live.ticket());
    assertThat(ticket.body())
        .contains("href=\"/console/watch/" + live.opened().getSessionId() + "\"");

    Page page = new Page();
    open(page, base(), sofia.cookieHeader()).get(10, TimeUnit.SECONDS);
    assertThat(page.nextText("\"kind\":\"watching\"")).contains("Viendo la pantalla en vivo");
    live.events()
        .next(
            e ->
                e.hasParticipants()
                    && e.getParticipants().getParticipantsList().stream()
                        .anyMatch(
                            p -> p.getId().equals("sofia") && p.getRole().equals("specialist")));
    assertThat(
            puente.v1.AgentServiceGrpc.newBlockingStub(flow.fixture.channel())
                .withCallCredentials(BrokerFixture.bearer(flow.fixture.login("sofia")))
                .listEscalations(puente.v1.ListEscalationsRequest.getDefaultInstance())
                .getEscalationsList())
        .anyMatch(e -> e.getSessionId().equals(live.opened().getSessionId()));
  }

  @Test
  void pauseStopsThePageAndResumingAsksForAFullFrameAgain() throws Exception {
    liveScreen();
    Page page = new Page();
    open(page, base(), signIn("sup")).get(10, TimeUnit.SECONDS);
    page.nextText("\"kind\":\"watching\"");
    live.events().next(e -> e.hasRelay() && e.getRelay().hasScreenRequest());

    live.send(pause(true));
    assertThat(page.nextText("\"kind\":\"paused\"")).contains("El cliente pausó la sesión");
    live.send(pause(false));
    assertThat(page.nextText("\"kind\":\"watching\"")).contains("Viendo la pantalla en vivo");
    live.events().next(e -> e.hasRelay() && e.getRelay().hasScreenRequest());
  }

  static HelperMessage pause(boolean paused) {
    return HelperMessage.newBuilder()
        .setPause(HelperMessage.Pause.newBuilder().setPaused(paused))
        .build();
  }
}
