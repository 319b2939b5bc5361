package puente.broker.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import puente.broker.TestCertificates;
import puente.client.Endpoint;
import puente.client.LaneDialer;
import puente.client.Tunnel;
import puente.v1.TunnelFrame;

/** The data port on real loopback sockets: admission by token, relaying, ends, backpressure. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DataPlaneTest {
  private static final Duration LANE_TIMEOUT = Duration.ofMillis(700);

  @TempDir Path dir;

  private final List<String> rejections = new CopyOnWriteArrayList<>();
  private final AtomicLong toCustomer = new AtomicLong();
  private final AtomicLong toAgent = new AtomicLong();
  private final List<LanePair> closed = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private DataPlane plane;
  private LaneDialer dialer;

  @AfterEach
  void stop() {
    threads.shutdownNow();
    if (plane != null) {
      plane.close();
    }
  }

  private void startPlaintext() throws Exception {
    plane =
        DataPlane.start(
            new InetSocketAddress("127.0.0.1", 0), null, LANE_TIMEOUT, 2, rejections::add);
    dialer = LaneDialer.forBroker(new Endpoint("127.0.0.1", 7480), null, false);
  }

  private LanePair issue() {
    return plane.issue(toCustomer::addAndGet, toAgent::addAndGet, closed::add);
  }

  private TunnelFrame.Lane agentLane(LanePair pair) {
    return TunnelFrame.Lane.newBuilder().setToken(pair.agentToken()).setPort(pair.port()).build();
  }

  private TunnelFrame.Lane helperLane(LanePair pair) {
    return TunnelFrame.Lane.newBuilder().setToken(pair.helperToken()).setPort(pair.port()).build();
  }

  @Test
  void joinsTheTwoLanesAndRelaysBothWaysWithHalfClose() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      requestThenReply(agent, helper, "hola", "buenos días");
    }
    assertThat(toCustomer.get()).isEqualTo(4);
    assertThat(toAgent.get()).isEqualTo("buenos días".getBytes(StandardCharsets.UTF_8).length);
    awaitClosed(pair);
  }

  @Test
  void bytesSentBeforeThePartnerArrivesAreHeldNotLost() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair))) {
      agent.getOutputStream().write("primero".getBytes(StandardCharsets.UTF_8));
      agent.shutdownOutput();
      Thread.sleep(100);
      try (Socket helper = dialer.dial(helperLane(pair))) {
        assertThat(readAll(helper.getInputStream())).isEqualTo("primero");
      }
    }
  }

  @Test
  void carriesThirtyTwoMebibytesEachWayIntact() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    long size = 32L << 20;
    try (Socket agent = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      Future<String> agentSent = threads.submit(() -> writeRandom(agent, size, 1));
      Future<String> helperSent = threads.submit(() -> writeRandom(helper, size, 2));
      Future<String> atHelper = threads.submit(() -> sha256Of(helper.getInputStream()));
      Future<String> atAgent = threads.submit(() -> sha256Of(agent.getInputStream()));
      assertThat(atHelper.get(60, TimeUnit.SECONDS)).isEqualTo(agentSent.get());
      assertThat(atAgent.get(60, TimeUnit.SECONDS)).isEqualTo(helperSent.get());
    }
    assertThat(toCustomer.get()).isEqualTo(size);
    assertThat(toAgent.get()).isEqualTo(size);
  }

  @Test
  void aReaderThatStopsStopsTheWriterAndNothingIsLost() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      AtomicLong written = new AtomicLong();
      long size = 64L << 20;
      Future<String> sent =
          threads.submit(
              () -> {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                Random random = new Random(3);
                byte[] chunk = new byte[64 * 1024];
                OutputStream out = agent.getOutputStream();
                for (long left = size; left > 0; left -= chunk.length) {
                  random.nextBytes(chunk);
                  out.write(chunk);
                  digest.update(chunk);
                  written.addAndGet(chunk.length);
                }
                agent.shutdownOutput();
                return HexFormat.of().formatHex(digest.digest());
              });
      // Nobody reads at the helper's end: the writer must come to a stop well short of 64 MiB.
      long stalledAt = awaitNoProgress(written);
      assertThat(stalledAt).isLessThan(size);
      long relayed = toCustomer.get();
      Thread.sleep(500);
      assertThat(toCustomer.get()).as("the broker stopped reading too").isEqualTo(relayed);

      String received = sha256Of(helper.getInputStream());
      assertThat(received).isEqualTo(sent.get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void closingThePairClosesBothConnections() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      agent.getOutputStream().write(1);
      assertThat(helper.getInputStream().read()).isEqualTo(1);
      pair.close();
      assertThat(endOf(agent)).isTrue();
      assertThat(endOf(helper)).isTrue();
    }
    assertThat(closed).containsExactly(pair);
  }

  @Test
  void aResetOnOneLaneClosesTheOther() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      agent.getOutputStream().write(1);
      assertThat(helper.getInputStream().read()).isEqualTo(1);
      agent.setSoLinger(true, 0);
      agent.close();
      assertThat(endOf(helper)).isTrue();
    }
    awaitClosed(pair);
  }

  @Test
  void aTokenAdmitsOneConnectionOnce() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    try (Socket first = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      helper.setSoTimeout(10_000);
      first.setSoTimeout(10_000);
      // Joined before the token is presented again, so which connection it admits is not a race.
      first.getOutputStream().write(1);
      assertThat(helper.getInputStream().read()).isEqualTo(1);
      try (Socket again = dialer.dial(agentLane(pair))) {
        assertThat(endOf(again)).isTrue();
      }
      assertThat(rejections).containsExactly("token");
      // Turning the copy away leaves the admitted lane joined, both ways.
      first.getOutputStream().write(2);
      assertThat(helper.getInputStream().read()).isEqualTo(2);
      helper.getOutputStream().write(3);
      assertThat(first.getInputStream().read()).isEqualTo(3);
      assertThat(closed).isEmpty();
    }
  }

  @Test
  void unknownTokensAndStrangersAreTurnedAway() throws Exception {
    startPlaintext();
    byte[] made = new byte[Tunnel.TOKEN_BYTES];
    new Random(4).nextBytes(made);
    try (Socket guess =
        dialer.dial(
            TunnelFrame.Lane.newBuilder()
                .setToken(com.google.protobuf.ByteString.copyFrom(made))
                .setPort(plane.port())
                .build())) {
      assertThat(endOf(guess)).isTrue();
    }
    try (Socket stranger = new Socket("127.0.0.1", plane.port())) {
      stranger
          .getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n....................".getBytes());
      assertThat(endOf(stranger)).isTrue();
    }
    assertThat(rejections).containsExactly("token", "preamble");
  }

  @Test
  void aConnectionThatSaysNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
    startPlaintext();
    try (Socket silent = new Socket("127.0.0.1", plane.port())) {
      silent.setSoTimeout(10_000);
      assertThat(endOf(silent)).isTrue();
    }
  }

  @Test
  void aFloodOfSilentConnectionsIsCappedAndLanesStillJoinOnceItPasses() throws Exception {
    startPlaintext();
    List<Socket> flood = new ArrayList<>();
    try {
      for (int i = 0; i < DataPlane.MAX_WAITING + 10; i++) {
        flood.add(new Socket("127.0.0.1", plane.port()));
      }
      awaitRejections("busy", 10);
    } finally {
      for (Socket socket : flood) {
        socket.close();
      }
    }
    // The closed connections stop waiting; a real pair joins again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (plane.waitingConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(plane.waitingConnections()).isZero();
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      agent.getOutputStream().write(5);
      helper.setSoTimeout(10_000);
      assertThat(helper.getInputStream().read()).isEqualTo(5);
    }
  }

  private void awaitRejections(String why, long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (rejections.stream().filter(why::equals).count() < count
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(rejections.stream().filter(why::equals).count()).isEqualTo(count);
  }

  @Test
  void aPairWhoseOtherEndNeverComesIsClosedAfterTheLaneTimeout() throws Exception {
    startPlaintext();
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair))) {
      agent.setSoTimeout(10_000);
      assertThat(endOf(agent)).isTrue();
    }
    awaitClosed(pair);
    try (Socket late = dialer.dial(helperLane(pair))) {
      assertThat(endOf(late)).isTrue();
    }
  }

  @Test
  void relaysOverTlsWithHalfClose() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TestCertificates.writeSelfSigned(cert, key);
    plane =
        DataPlane.start(
            new InetSocketAddress("127.0.0.1", 0),
            SslContextBuilder.forServer(cert.toFile(), key.toFile()).build(),
            LANE_TIMEOUT,
            2,
            rejections::add);
    dialer = LaneDialer.forBroker(new Endpoint("localhost", 7480), cert, false);
    LanePair pair = issue();
    try (Socket agent = dialer.dial(agentLane(pair));
        Socket helper = dialer.dial(helperLane(pair))) {
      requestThenReply(agent, helper, "petición", "respuesta");
    }
  }

  /**
   * The agent sends a request and ends its stream; the helper reads it to the end, then replies and
   * ends its own: both ends of stream must pass, and the reply must still flow after the first.
   */
  private static void requestThenReply(Socket agent, Socket helper, String request, String reply)
      throws IOException {
    agent.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
    agent.shutdownOutput();
    assertThat(readAll(helper.getInputStream())).isEqualTo(request);
    helper.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
    helper.shutdownOutput();
    assertThat(readAll(agent.getInputStream())).isEqualTo(reply);
  }

  private void awaitClosed(LanePair pair) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!closed.contains(pair) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(closed).contains(pair);
  }

  /** Reads until end of stream or a reset: true once the broker has closed the connection. */
  private static boolean endOf(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    try {
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // Drain.
      }
      return true;
    } catch (SocketException e) {
      return true;
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String writeRandom(Socket socket, long size, long seed) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Random random = new Random(seed);
    byte[] chunk = new byte[100_000];
    OutputStream out = socket.getOutputStream();
    for (long left = size; left > 0; ) {
      int n = (int) Math.min(chunk.length, left);
      random.nextBytes(chunk);
      out.write(chunk, 0, n);
      digest.update(chunk, 0, n);
      left -= n;
    }
    socket.shutdownOutput();
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String sha256Of(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    int read;
    while ((read = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, read);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Waits until the counter stops moving for a second; returns where it stopped. */
  private static long awaitNoProgress(AtomicLong counter) throws InterruptedException {
    long last = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      long now = counter.get();
      if (now == last) {
        return now;
      }
      last = now;
      Thread.sleep(1000);
    }
    throw new AssertionError("the writer never stopped: " + counter.get() + " bytes written");
  }
}
