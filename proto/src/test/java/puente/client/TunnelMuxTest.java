package puente.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

class TunnelMuxTest {
  private static final long MIB = 1024 * 1024;

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final RecordingListener agentChannels = new RecordingListener();

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
    Endpoint forward = startTunnel(service, new DirectLink(), new DirectLink());

    try (Socket client = connect(forward)) {
      CompletableFuture<String> clientSent =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  String sha = TcpPeers.writeRandom(client.getOutputStream(), 16 * MIB, 1);
                  client.shutdownOutput();
                  return sha;
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      TcpPeers.Received clientReceived = TcpPeers.readAll(client.getInputStream());

      assertThat(clientReceived.bytes()).isEqualTo(16 * MIB);
      assertThat(clientReceived.sha256()).isEqualTo(serviceSent.get(30, SECONDS));
      assertThat(serviceReceived.get(30, SECONDS).bytes()).isEqualTo(16 * MIB);
      assertThat(serviceReceived.get().sha256()).isEqualTo(clientSent.get(30, SECONDS));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> agentChannels.closed.size() == 1);
    assertThat(agentChannels.closed).containsExactly("1:");
  }

  @Test
  void stalledReaderStopsTheWriterWithinTheWindowAndLosesNothing() throws Exception {
    CountDownLatch resumeReading = new CountDownLatch(1);
    CompletableFuture<TcpPeers.Received> serviceReceived = new CompletableFuture<>();
    ServerSocket service =
        track(
            TcpPeers.serve(
                socket -> {
                  awaitQuietly(resumeReading);
                  serviceReceived.complete(TcpPeers.readAll(socket.getInputStream()));
                }));
    InFlight inFlight = new InFlight();
    DirectLink agentLink = new DirectLink(inFlight::sentByAgent);
    DirectLink helperLink = new DirectLink(inFlight::sentByHelper);
    Endpoint forward = startTunnel(service, agentLink, helperLink);

    long total = 64 * MIB;
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
              });

      awaitNoProgress(written);
      assertThat(written.get()).isLessThan(total);
      assertThat(inFlight.unacknowledged()).isEqualTo(Tunnel.INITIAL_WINDOW);
      assertThat(inFlight.maximum()).isLessThanOrEqualTo(Tunnel.INITIAL_WINDOW);

      resumeReading.countDown();
      assertThat(clientSent.get(60, SECONDS)).isEqualTo(serviceReceived.get(60, SECONDS).sha256());
      assertThat(serviceReceived.get().bytes()).isEqualTo(total);
      assertThat(inFlight.maximum()).isLessThanOrEqualTo(Tunnel.INITIAL_WINDOW);
    }
  }

  @Test
  void carriesManyChannelsAtOnce() throws Exception {
    ServerSocket service = track(TcpPeers.serve(TcpPeers::echo));
    Endpoint forward = startTunnel(service, new DirectLink(), new DirectLink());

    int channels = 24;
    List<CompletableFuture<Boolean>> echoedIntact = new ArrayList<>();
    for (int i = 0; i < channels; i++) {
      long seed = i;
      echoedIntact.add(
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket client = connect(forward)) {
                  CompletableFuture<String> sent =
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              String sha =
                                  TcpPeers.writeRandom(client.getOutputStream(), MIB, seed);
                              client.shutdownOutput();
                              return sha;
                            } catch (IOException e) {
                              throw new IllegalStateException(e);
                            }
                          });
                  TcpPeers.Received echoed = TcpPeers.readAll(client.getInputStream());
                  return echoed.bytes() == MIB && echoed.sha256().equals(sent.join());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              runnable -> new Thread(runnable).start()));
    }

    for (CompletableFuture<Boolean> intact : echoedIntact) {
      assertThat(intact.get(60, SECONDS)).isTrue();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> agentChannels.closed.size() == channels);
  }

  @Test
  void unreachableServiceClosesTheChannelWithTheError() throws Exception {
    ServerSocket closedService = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    closedService.close();
    Endpoint forward = startTunnel(closedService, new DirectLink(), new DirectLink());

    try (Socket client = connect(forward)) {
      assertThat(readToEndOrReset(client)).isZero();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> agentChannels.closed.size() == 1);
    assertThat(agentChannels.closed.get(0)).startsWith("1:cannot connect to 127.0.0.1:");
    assertThat(agentChannels.opened).isEmpty();
  }

  @Test
  void peerExceedingItsWindowGetsTheChannelClosedWithAnError() throws Exception {
    CountDownLatch releaseAcknowledgements = new CountDownLatch(1);
    List<TunnelFrame> sentByHelper = new CopyOnWriteArrayList<>();
    FrameSink recorder =
        new FrameSink() {
          @Override
          public void send(RelayFrame frame) {
            sentByHelper.add(frame.getTunnel());
            if (frame.getTunnel().hasWindow()) {
              awaitQuietly(releaseAcknowledgements);
            }
          }

          @Override
          public boolean awaitReady() {
            return true;
          }
        };
    ServerSocket service = track(TcpPeers.serve(socket -> awaitQuietly(releaseAcknowledgements)));
    TunnelMux helper =
        track(TunnelMux.helperSide(recorder, endpointOf(service), ChannelListener.NONE));
    try {
      helper.receive(
          TunnelFrame.newBuilder()
              .setChannel(5)
              .setOpen(TunnelFrame.Open.getDefaultInstance())
              .build());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sentByHelper.stream().anyMatch(TunnelFrame::hasOpened));

      ByteString chunk = ByteString.copyFrom(new byte[Tunnel.MAX_CHUNK]);
      int chunks = 2 * Tunnel.INITIAL_WINDOW / Tunnel.MAX_CHUNK + 1;
      for (int i = 0; i < chunks; i++) {
        helper.receive(TunnelFrame.newBuilder().setChannel(5).setData(chunk).build());
      }

      assertThat(sentByHelper)
          .filteredOn(TunnelFrame::hasClose)
          .singleElement()
          .satisfies(
              close -> assertThat(close.getClose().getError()).startsWith("window exceeded"));
      assertThat(helper.openChannels()).isZero();
    } finally {
      releaseAcknowledgements.countDown();
    }
  }

  private Endpoint startTunnel(ServerSocket service, DirectLink agentLink, DirectLink helperLink)
      throws IOException {
    TunnelMux agent = track(TunnelMux.agentSide(agentLink, agentChannels));
    TunnelMux helper =
        track(TunnelMux.helperSide(helperLink, endpointOf(service), ChannelListener.NONE));
    agentLink.connectTo(helper);
    helperLink.connectTo(agent);
    LocalForward forward = track(LocalForward.bind(new Endpoint("127.0.0.1", 0)));
    forward.start(agent);
    return forward.localEndpoint();
  }

  private static Endpoint endpointOf(ServerSocket server) {
    return new Endpoint("127.0.0.1", server.getLocalPort());
  }

  private static Socket connect(Endpoint endpoint) {
    try {
      return new Socket(endpoint.host(), endpoint.port());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long readToEndOrReset(Socket socket) {
    try {
      return TcpPeers.readAll(socket.getInputStream()).bytes();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Waits until the counter has not moved for a second: the writer is blocked. */
  private static void awaitNoProgress(AtomicLong counter) {
    long[] last = {-1};
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              long now = counter.get();
              boolean stalled = now > 0 && now == last[0];
              last[0] = now;
              return stalled;
            });
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    cleanup.add(0, closeable);
    return closeable;
  }

  /** Data bytes the agent sent that the helper has not acknowledged yet. */
  private static final class InFlight {
    private long unacknowledged;
    private long maximum;

    synchronized void sentByAgent(TunnelFrame frame) {
      if (frame.hasData()) {
        unacknowledged += frame.getData().size();
        maximum = Math.max(maximum, unacknowledged);
      }
    }

    synchronized void sentByHelper(TunnelFrame frame) {
      if (frame.hasWindow()) {
        unacknowledged -= frame.getWindow();
      }
    }

    synchronized long unacknowledged() {
      return unacknowledged;
    }

    synchronized long maximum() {
      return maximum;
    }
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
