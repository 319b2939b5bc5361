package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import puente.v1.AccessKind;
import puente.v1.MachineIdentity;

/**
 * The gRPC listener and the data port hold to their limits against a raw client on real sockets:
 * calls per connection, stream resets, message and metadata size, connections per source address,
 * idle connections (never a live session), and reflection only on loopback.
 */
class TransportLimitsTest {
  private static final String WATCH = "/grpc.health.v1.Health/Watch";
  private static final String CHECK = "/grpc.health.v1.Health/Check";

  private BrokerFixture fixture;
  private SessionFlowTest flow;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    if (flow != null) {
      flow.stop();
    } else if (fixture != null) {
      fixture.close();
    }
  }

  private void startBroker(String... overrides) throws IOException {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN, overrides);
  }

  private RawHttp2 raw() throws Exception {
    RawHttp2 client = RawHttp2.connect(fixture.broker().grpcPort());
    opened.add(client);
    return client;
  }

  @Test
  void oneConnectionHoldsNoMoreCallsThanTheCapAndStreamsBeyondItAreRefused() throws Exception {
    startBroker("limits.grpc.callsPerConnection=4");
    RawHttp2 client = raw();
    // Six calls (health watches, which stay open) on one connection, ignoring the advertised
    // limit; the requests follow once the broker has said which streams it took.
    for (int stream = 1; stream <= 11; stream += 2) {
      client.headers(stream, WATCH, false);
    }
    assertThat(client.sync()).isTrue();
    List<RawHttp2.Frame> resets =
        client.receivedSoFar().stream().filter(RawHttp2.Frame::isReset).toList();
    assertThat(resets).extracting(RawHttp2.Frame::streamId).containsExactlyInAnyOrder(9, 11);
    assertThat(resets).extracting(RawHttp2.Frame::errorCode).containsOnly(RawHttp2.REFUSED_STREAM);
    Set<Integer> answered = new HashSet<>();
    for (int stream = 1; stream <= 7; stream += 2) {
      client.lastMessage(stream, new byte[0]);
      answered.add(client.next(f -> f.type() == RawHttp2.HEADERS, 10).streamId());
    }
    assertThat(answered).containsExactlyInAnyOrder(1, 3, 5, 7);

    // Ending one call frees its place for the next.
    client.reset(1);
    client.headers(13, WATCH, false);
    client.lastMessage(13, new byte[0]);
    RawHttp2.Frame next = client.next(f -> f.streamId() == 13, 10);
    assertThat(next).isNotNull();
    assertThat(next.type()).isEqualTo(RawHttp2.HEADERS);
  }

  @Test
  void resetsPastTheLimitAreAnsweredWithGoAwayAndTheConnectionClosed() throws Exception {
    int limit = 50;
    startBroker("limits.grpc.rstFramesPerWindow=" + limit, "limits.grpc.rstWindow=PT60S");
    RawHttp2 client = raw();
    int stream = 1;
    // Open-then-reset, as the measured flood did: up to the limit, the connection serves on.
    for (int i = 0; i < limit; i++, stream += 2) {
      client.headers(stream, CHECK, false);
      client.reset(stream);
    }
    assertThat(client.sync()).as("the connection still answers at the limit").isTrue();
    assertThat(client.next(f -> f.type() == RawHttp2.GOAWAY, 0)).isNull();

    try {
      for (int i = 0; i < 5; i++, stream += 2) {
        client.headers(stream, CHECK, false);
        client.reset(stream);
      }
    } catch (IOException closedUnderUs) {
      // The broker closed the connection while the resets were still being written.
    }
    RawHttp2.Frame goAway = client.next(f -> f.type() == RawHttp2.GOAWAY, 10);
    assertThat(goAway).as("GOAWAY within 10 s").isNotNull();
    assertThat(goAway.errorCode()).isEqualTo(RawHttp2.ENHANCE_YOUR_CALM);
    client.closed().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionThatStopsAnsweringPingsIsClosed() throws Exception {
    // gRPC's shortest keepalive: a ping after 10 s quiet.
    startBroker("limits.grpc.keepAliveTime=PT10S", "limits.grpc.keepAliveTimeout=PT1S");
    // A raw client answers nothing after SETTINGS: a half-open connection, as seen from the broker.
    RawHttp2 client = raw();
    RawHttp2.Frame ping = client.next(f -> f.type() == RawHttp2.PING && f.flags() == 0, 20);
    assertThat(ping).as("the broker pings a quiet connection").isNotNull();
    client.closed().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aClientPingingFasterThanPermittedIsSentAway() throws Exception {
    startBroker();
    RawHttp2 client = raw();
    // gRPC forgives two pings inside the permitted interval, not more.
    for (int i = 0; i < 5 && client.sync(); i++) {}
    RawHttp2.Frame goAway =
        client.receivedSoFar().stream()
            .filter(f -> f.type() == RawHttp2.GOAWAY)
            .findFirst()
            .orElseThrow();
    assertThat(goAway.errorCode()).isEqualTo(RawHttp2.ENHANCE_YOUR_CALM);
    client.closed().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aMessageOverTheLimitIsRefusedResourceExhaustedAndOneUnderItIsRead() throws Exception {
    startBroker("limits.grpc.maxMessageBytes=65536");
    String underLimit = "x".repeat(60_000);
    // Under the size limit the broker reads the request, and refuses the host name by its rules.
    assertThatThrownBy(() -> fixture.helper().register(registration(underLimit)))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> fixture.helper().register(registration("x".repeat(70_000))))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
  }

  @Test
  void metadataOverTheLimitIsRefusedResourceExhaustedAndFarOverItClosesTheConnection()
      throws Exception {
    startBroker("limits.grpc.maxMetadataBytes=4096");
    // gRPC clients check the advertised (transport) limit themselves; a raw client sends anyway.
    RawHttp2 client = raw();
    client.headers(1, CHECK, false, new DefaultHttp2Headers().add("x-pad", "p".repeat(4_500)));
    RawHttp2.Frame answer = client.next(f -> f.streamId() == 1, 10);
    // A gRPC answer, not HTTP 431: status 200 with RESOURCE_EXHAUSTED in trailers-only form.
    assertThat(answer).isNotNull();
    assertThat(answer.type()).isEqualTo(RawHttp2.HEADERS);
    assertThat(answer.headers().status().toString()).isEqualTo("200");
    assertThat(answer.headers().get("grpc-status").toString())
        .isEqualTo(String.valueOf(Status.Code.RESOURCE_EXHAUSTED.value()));
    assertThat(answer.headers().get("grpc-message").toString()).contains("expected: at most 4096");
    assertThat(answer.flags() & 0x1).as("END_STREAM").isEqualTo(1);
    // Far past the transport's ceiling (four times the limit) the connection is closed.
    client.headers(3, CHECK, false, new DefaultHttp2Headers().add("x-pad", "p".repeat(25_000)));
    assertThat(client.next(f -> f.type() == RawHttp2.GOAWAY, 10)).isNotNull();
    client.closed().get(10, TimeUnit.SECONDS);

    // A gRPC client's call over the limit gets the same status; one just under it is answered.
    assertThatThrownBy(() -> checkWithPadding(5_000))
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e).getCode())
                    .isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThat(checkWithPadding(3_500).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  private HealthCheckResponse checkWithPadding(int bytes) {
    Metadata pad = new Metadata();
    pad.put(Metadata.Key.of("x-pad", Metadata.ASCII_STRING_MARSHALLER), "p".repeat(bytes));
    return HealthGrpc.newBlockingStub(fixture.channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(pad))
        .check(HealthCheckRequest.getDefaultInstance());
  }

  @Test
  void theGrpcPortClosesAConnectionOverTheCapPerAddressAndTakesOneWhenAPlaceFrees()
      throws Exception {
    startBroker("limits.grpc.connectionsPerAddress=3");
    int port = fixture.broker().grpcPort();
    List<Socket> admitted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket socket = socket(port);
      // An admitted connection hears the server's HTTP/2 SETTINGS.
      assertThat(firstByte(socket)).isNotNegative();
      admitted.add(socket);
    }
    assertThat(firstByte(socket(port))).as("the fourth connection is closed").isNegative();
    assertThat(metrics()).contains("puente_connections_refused_total{listener=\"grpc\"} 1.0");

    admitted.get(0).close();
    await().atMost(Duration.ofSeconds(10)).until(() -> firstByte(socket(port)) >= 0);
  }

  @Test
  void theDataPortClosesAConnectionOverTheCapPerAddress() throws Exception {
    startBroker("limits.data.connectionsPerAddress=2");
    int port = fixture.broker().dataPort();
    Socket first = socket(port);
    Socket second = socket(port);
    Socket third = socket(port);
    assertThat(firstByte(third)).as("the third connection is closed").isNegative();
    // The two admitted ones wait for their token: nothing to read, and still open.
    for (Socket admitted : List.of(first, second)) {
      admitted.setSoTimeout(300);
      assertThatThrownBy(() -> admitted.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
    }
    first.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Socket again = socket(port);
              again.setSoTimeout(300);
              try {
                again.getInputStream().read();
                return false;
              } catch (SocketTimeoutException stillOpen) {
                return true;
              }
            });
  }

  @Test
  void aLiveSessionOutlastsTheIdleTimeoutWhileAnIdleConnectionIsClosed() throws Exception {
    flow = new SessionFlowTest();
    flow.start("limits.grpc.maxConnectionIdle=PT1S");
    fixture = flow.fixture;
    AcceptedSession live = AcceptedSession.open(flow, flow.connectHelper(), AccessKind.TUNNEL);
    EscalationTest.Staff ana =
        live.attach(
            puente.v1.AgentServiceGrpc.newStub(fixture.channel())
                .withCallCredentials(BrokerFixture.bearer(fixture.login("ana"))));

    // A connection that made one call and then went quiet is closed by the broker...
    ManagedChannel idle = fixture.channel();
    HealthGrpc.newBlockingStub(idle).check(HealthCheckRequest.getDefaultInstance());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> idle.getState(false) == ConnectivityState.IDLE);

    // ...while the session's connections, older than that and each with its stream open, carry on.
    live.send(HostileClientTest.customerChat("¿sigue ahí?"));
    ana.events().next(e -> e.hasRelay() && e.getRelay().getChat().getText().equals("¿sigue ahí?"));
    ana.send(EscalationTest.chat("sí, aquí sigo"));
    live.events()
        .next(e -> e.hasRelay() && e.getRelay().getChat().getText().equals("sí, aquí sigo"));
    assertThat(live.events().done()).isNotDone();
    assertThat(ana.events().done()).isNotDone();
  }

  @Test
  void reflectionIsServedOnALoopbackAddress() throws Exception {
    startBroker();
    ServerReflectionResponse answer = askForServices().next(r -> true);
    assertThat(answer.getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains("puente.v1.HelperService", "grpc.health.v1.Health");
  }

  @Test
  void reflectionIsNotServedWhenTheGrpcAddressIsNotLoopback() throws Exception {
    // The configured address decides; the listener itself stays on 127.0.0.1 for the test.
    fixture =
        BrokerFixture.start(
            new ManualTime(SessionFlowTest.OFFICE_OPEN.instant()),
            "grpc.host=0.0.0.0",
            "insecure=true");
    assertThatThrownBy(() -> askForServices().done().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .satisfies(
            e ->
                assertThat(Status.fromThrowable(e.getCause()).getCode())
                    .isEqualTo(Status.Code.UNIMPLEMENTED));
  }

  private Recorder<ServerReflectionResponse> askForServices() {
    Recorder<ServerReflectionResponse> answers = new Recorder<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(fixture.channel()).serverReflectionInfo(answers);
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    return answers;
  }

  private static puente.v1.RegisterRequest registration(String hostname) {
    return SessionFlowTest.registration(BrokerFixture.LICENCE).toBuilder()
        .setMachine(MachineIdentity.newBuilder().setMachineId("m-1").setHostname(hostname))
        .build();
  }

  private String metrics() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + fixture.broker().httpPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private Socket socket(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    opened.add(socket);
    return socket;
  }

  /** The first byte the server sends, or -1 when it closes the connection; waits up to 10 s. */
  private static int firstByte(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      return in.read();
    } catch (java.net.SocketException reset) {
      return -1;
    }
  }
}
