package puente.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import puente.client.testing.EchoService;
import puente.client.testing.TunnelSwitch;
import puente.v1.TunnelFrame;

/** Both ends of the tunnel, joined through a stand-in for the broker's data port. */
class TunnelMuxTest {
  private static final long MIB = 1024 * 1024;

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final RecordingListener agentChannels = new RecordingListener();
  private TunnelMux agent;
  private TunnelMux helper;

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable closeable : cleanup) {
      closeable.close();
    }
  }

  @Test
  void carriesSixteenMebibytesEachWayIntact() throws Exception {
    CompletableFuture<TcpPeers.Received> serviceReceived = new CompletableFuture<>();
    CompletableFuture<String> serviceSent = new CompletableFuture<>();
    ServerSocket service =
        track(
            TcpPeers.serve(
                socket -> {
                  CompletableFuture.runAsync(
                      () -> {
                        try {
                          serviceSent.complete(
                              TcpPeers.writeRandom(socket.getOutputStream(), 16 * MIB, 2));
                          socket.shutdownOutput();
                        } catch (IOException e) {
                          serviceSent.completeExceptionally(e);
                        }
                      });
                  serviceReceived.complete(TcpPeers.readAll(socket.getInputStream()));
                  serviceSent.join();
                }));
    Endpoint forward = startTunnel(endpointOf(service));

    try (Socket client = connect(forward)) {
      CompletableFuture<String> clientSent = writeRandomThenHalfClose(client, 16 * MIB, 1);
      TcpPeers.Received clientReceived = TcpPeers.readAll(client.getInputStream());

      assertThat(clientReceived.bytes()).isEqualTo(16 * MIB);
      assertThat(clientReceived.sha256()).isEqualTo(serviceSent.get(60, SECONDS));
      assertThat(serviceReceived.get(60, SECONDS).bytes()).isEqualTo(16 * MIB);
      assertThat(serviceReceived.get().sha256()).isEqualTo(clientSent.get(60, SECONDS));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> agentChannels.closed.size() == 1);
    assertThat(agentChannels.closed).containsExactly("1:");
    assertThat(agentChannels.opened).containsExactly(1);
  }

  @Test
  void carriesManyChannelsAtOnce() throws Exception {
    EchoService service = track(new EchoService());
    Endpoint forward = startTunnel(service.endpoint());

    int channels = 32;
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      clients.add(track(connect(forward)));
    }
    // Every channel is open before any byte moves, so they really are carried side by side.
    await().atMost(Duration.ofSeconds(30)).until(() -> agentChannels.opened.size() == channels);
    assertThat(agent.openChannels()).isEqualTo(channels);
    assertThat(helper.openChannels()).isEqualTo(channels);

    List<CompletableFuture<Boolean>> echoedIntact = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      Socket client = clients.get(i);
      CompletableFuture<String> sent = writeRandomThenHalfClose(client, MIB, i);
      echoedIntact.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  TcpPeers.Received echoed = TcpPeers.readAll(client.getInputStream());
                  return echoed.bytes() == MIB && echoed.sha256().equals(sent.join());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              TunnelMuxTest::onNewThread));
    }

    for (CompletableFuture<Boolean> intact : echoedIntact) {
      assertThat(intact.get(120, SECONDS)).isTrue();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> agentChannels.closed.size() == channels);
    assertThat(agentChannels.closed).allMatch(closed -> closed.endsWith(":"));
  }

  @Test
  void unreachableServiceClosesTheChannelWithTheError() throws Exception {
    ServerSocket closedService = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    closedService.close();
    Endpoint forward = startTunnel(endpointOf(closedService));

    try (Socket client = connect(forward)) {
      client.setSoTimeout(10_000);
      assertThat(readToEndOrReset(client)).isZero();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> agentChannels.closed.size() == 1);
    assertThat(agentChannels.closed.get(0))
        .startsWith("1:cannot connect to 127.0.0.1:" + closedService.getLocalPort());
    assertThat(agentChannels.opened).isEmpty();
    assertThat(agent.openChannels()).isZero();
  }

  @Test
  void halfCloseByTheAgentsClientReachesTheServiceAndItsReplyStillArrives() throws Exception {
    // Replies only once it has read to the end, so the reply proves the end of stream arrived.
    ServerSocket service =
        track(
            TcpPeers.serve(
                socket -> {
                  byte[] request = socket.getInputStream().readAllBytes();
                  socket.getOutputStream().write(request);
                  socket.shutdownOutput();
                }));
    Endpoint forward = startTunnel(endpointOf(service));
    byte[] request = new byte[300_000];
    new Random(3).nextBytes(request);

    try (Socket client = connect(forward)) {
      client.setSoTimeout(30_000);
      client.getOutputStream().write(request);
      client.shutdownOutput();

      assertThat(client.getInputStream().readAllBytes()).isEqualTo(request);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> agentChannels.closed.size() == 1);
    assertThat(agentChannels.closed).containsExactly("1:");
  }

  @Test
  void stalledReaderStopsTheWriterAndLosesNothing() throws Exception {
    CountDownLatch resumeReading = new CountDownLatch(1);
    CompletableFuture<TcpPeers.Received> serviceReceived = new CompletableFuture<>();
    ServerSocket service =
        track(
            TcpPeers.serve(
                socket -> {
                  awaitQuietly(resumeReading);
                  serviceReceived.complete(TcpPeers.readAll(socket.getInputStream()));
                }));
    Endpoint forward = startTunnel(endpointOf(service));

    // Far more than the four TCP connections on the way can buffer, even fully grown.
    long total = 512 * MIB;
    AtomicLong written = new AtomicLong();
    try (Socket client = connect(forward)) {
      CompletableFuture<String> clientSent =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String sha = TcpPeers.writeRandom(new CountingOutput(client, written), total, 7);
                  client.shutdownOutput();
                  return sha;
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              TunnelMuxTest::onNewThread);

      awaitNoProgressFor(written, Duration.ofSeconds(2));
      assertThat(written.get()).isLessThan(total);
      assertThat(clientSent).isNotDone();

      resumeReading.countDown();
      assertThat(clientSent.get(180, SECONDS))
          .isEqualTo(serviceReceived.get(180, SECONDS).sha256());
      assertThat(serviceReceived.get().bytes()).isEqualTo(total);
    }
  }

  @Test
  void closingTheAgentMuxClosesEveryLocalConnection() throws Exception {
    EchoService service = track(new EchoService());
    Endpoint forward = startTunnel(service.endpoint());
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket client = track(connect(forward));
      assertEchoesOneLine(client);
      clients.add(client);
    }

    agent.close();

    for (Socket client : clients) {
      assertClosedByPeer(client);
    }
    assertThat(agent.openChannels()).isZero();
  }

  @Test
  void closingTheHelperMuxClosesEveryServiceConnection() throws Exception {
    List<Socket> serviceSide = new CopyOnWriteArrayList<>();
    CountDownLatch finished = new CountDownLatch(1);
    ServerSocket service =
        track(
            TcpPeers.serve(
                socket -> {
                  serviceSide.add(socket);
                  awaitQuietly(finished);
                }));
    Endpoint forward = startTunnel(endpointOf(service));
    try {
      for (int i = 0; i < 3; i++) {
        track(connect(forward));
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> helper.openChannels() == 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> serviceSide.size() == 3);

      helper.close();

      for (Socket socket : serviceSide) {
        assertClosedByPeer(socket);
      }
      assertThat(helper.openChannels()).isZero();
    } finally {
      finished.countDown();
    }
  }

  @Test
  void helperRefusesAnOpenWithoutALane() throws Exception {
    List<TunnelFrame> toAgent = new CopyOnWriteArrayList<>();
    TunnelSwitch broker = track(TunnelSwitch.start());
    TunnelMux lone =
        track(
            TunnelMux.helperSide(
                broker.helperSink(),
                new Endpoint("127.0.0.1", 9),
                broker.dialer(),
                ChannelListener.NONE));
    broker.deliverTo(toAgent::add, lone::receive);

    lone.receive(
        TunnelFrame.newBuilder()
            .setChannel(4)
            .setOpen(TunnelFrame.Open.getDefaultInstance())
            .build());

    assertThat(toAgent)
        .singleElement()
        .satisfies(
            frame -> {
              assertThat(frame.getChannel()).isEqualTo(4);
              assertThat(frame.getClose().getError()).isEqualTo("open without a lane");
            });
    assertThat(lone.openChannels()).isZero();
  }

  /** Starts both muxes joined by a switch, and an agent port forwarding to them. */
  private Endpoint startTunnel(Endpoint service) throws IOException {
    TunnelSwitch broker = track(TunnelSwitch.start());
    agent = track(TunnelMux.agentSide(broker.agentSink(), broker.dialer(), agentChannels));
    helper =
        track(
            TunnelMux.helperSide(
                broker.helperSink(), service, broker.dialer(), ChannelListener.NONE));
    broker.deliverTo(agent::receive, helper::receive);
    LocalForward forward = track(LocalForward.bind(new Endpoint("127.0.0.1", 0)));
    forward.start(agent);
    return forward.localEndpoint();
  }

  private static CompletableFuture<String> writeRandomThenHalfClose(
      Socket client, long size, long seed) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            String sha = TcpPeers.writeRandom(client.getOutputStream(), size, seed);
            client.shutdownOutput();
            return sha;
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        },
        TunnelMuxTest::onNewThread);
  }

  private static void assertEchoesOneLine(Socket client) throws IOException {
    client.setSoTimeout(10_000);
    byte[] line = "hola\n".getBytes(StandardCharsets.US_ASCII);
    client.getOutputStream().write(line);
    assertThat(client.getInputStream().readNBytes(line.length)).isEqualTo(line);
  }

  /**
   * Checks that the other end closed the connection, not just its output: reads reach the end and,
   * soon after, writes fail (a half-closed peer would keep accepting them).
   */
  private static void assertClosedByPeer(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    assertThat(readToEndOrReset(socket)).isZero();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              try {
                socket.getOutputStream().write(1);
                return false;
              } catch (IOException e) {
                return true;
              }
            });
  }

  private static Endpoint endpointOf(ServerSocket server) {
    return new Endpoint("127.0.0.1", server.getLocalPort());
  }

  /** Connects a client whose reads give up after a minute, so a broken tunnel fails the test. */
  private static Socket connect(Endpoint endpoint) throws IOException {
    Socket client = new Socket(endpoint.host(), endpoint.port());
    client.setSoTimeout(60_000);
    return client;
  }

  /**
   * Reads what is left: 0 bytes at end of stream or on a reset. A read that times out fails the
   * test, since it means the socket was left open.
   */
  private static long readToEndOrReset(Socket socket) {
    try {
      return TcpPeers.readAll(socket.getInputStream()).bytes();
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + e.getMessage(), e);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Waits until the counter has moved and then stood still for {@code quiet}. */
  private static void awaitNoProgressFor(AtomicLong counter, Duration quiet) {
    long[] last = {-1};
    long[] since = {System.nanoTime()};
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              long now = counter.get();
              if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
                return false;
              }
              return now > 0 && System.nanoTime() - since[0] >= quiet.toNanos();
            });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void onNewThread(Runnable task) {
    Thread thread = new Thread(task);
    thread.setDaemon(true);
    thread.start();
  }

  private <T extends AutoCloseable> T track(T closeable) {
    cleanup.add(0, closeable);
    return closeable;
  }

  private static final class RecordingListener implements ChannelListener {
    final List<Integer> opened = new CopyOnWriteArrayList<>();
    final List<String> closed = new CopyOnWriteArrayList<>();

    @Override
    public void opened(int channel) {
      opened.add(channel);
    }

    @Override
    public void closed(int channel, String error) {
      closed.add(channel + ":" + error);
    }
  }

  private static final class CountingOutput extends OutputStream {
    private final OutputStream out;
    private final AtomicLong written;

    CountingOutput(Socket socket, AtomicLong written) throws IOException {
      this.out = socket.getOutputStream();
      this.written = written;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      written.incrementAndGet();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
      written.addAndGet(length);
    }
  }
}
