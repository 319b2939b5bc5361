package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2 through the real programs: the agent's local client stops reading while the customer's
 * service keeps writing. Backpressure must reach the service (its writes block), the broker must
 * not hold what cannot be delivered, and every byte must arrive once reading resumes.
 */
@ExtendWith(SharedRig.class)
class StalledReaderTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MIB = 1024 * 1024;

  /** Sent through a first connection so that the baseline is taken on a warm relay path. */
  private static final int WARM_UP = 2 * MIB;

  /** What the service tries to send to the stalled reader: more than {@link #writerBound()}. */
  private static final long SIZE = 384L * MIB;

  /** The test's own sockets (the service's send side, the reader's receive side). */
  private static final int SMALL_BUFFER = 64 * 1024;

  /** How much the broker's live heap may grow while the reader is stalled. */
  private static final long HEAP_GROWTH_BOUND_KIB = 8 * 1024;

  /** How much the broker's resident memory may grow while the reader is stalled. */
  private static final long RSS_GROWTH_BOUND_KIB = 32 * 1024;

  /** The writer counts as blocked once it has accepted nothing for this long. */
  private static final Duration QUIET = Duration.ofSeconds(2);

  private final Rig rig;

  StalledReaderTest(Rig rig) {
    this.rig = rig;
  }

  @Test
  void stalledReaderBlocksTheWriterKeepsBrokerMemoryFlatAndLosesNothing() throws Exception {
    try (ServerSocket service = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
      AtomicLong accepted = new AtomicLong();
      CompletableFuture<String> sent = new CompletableFuture<>();
      Thread serviceThread = new Thread(() -> serve(service, accepted, sent), "service");
      serviceThread.setDaemon(true);
      serviceThread.start();

      Program helper =
          rig.helper(
              "--licence",
              "LIC-TUNEL",
              "--product",
              "contabilidad",
              "--version",
              "2026.2",
              "--service",
              "127.0.0.1:" + service.getLocalPort());
      String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", TIMEOUT).group(1);
      Program agent = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
      helper.awaitLine("¿Lo permite\\?", TIMEOUT);
      helper.type("s");
      Matcher ready = agent.awaitLine("Túnel listo: ([\\d.]+):(\\d+)", TIMEOUT);
      InetSocketAddress tunnel =
          new InetSocketAddress(ready.group(1), Integer.parseInt(ready.group(2)));

      try (Socket warm = new Socket()) {
        warm.connect(tunnel);
        assertThat(readAll(warm.getInputStream(), WARM_UP, null)).isEqualTo(WARM_UP);
      }
      ProcessMemory before = ProcessMemory.of(rig.broker().pid());

      try (Socket reader = new Socket()) {
        reader.setReceiveBufferSize(SMALL_BUFFER);
        reader.connect(tunnel);
        long held = awaitWriterBlocked(accepted, sent);
        ProcessMemory during = ProcessMemory.of(rig.broker().pid());
        ProcessMemory later = ProcessMemory.of(rig.broker().pid());
        System.out.printf(
            "stalled reader: the service wrote %s of %s, then blocked%n"
                + "broker before: %s%nbroker stalled: %s%nbroker stalled, later: %s%n",
            ProcessMemory.mib(held / 1024), ProcessMemory.mib(SIZE / 1024), before, during, later);

        assertThat(held)
            .as("bytes the service got rid of while nobody read")
            .isLessThan(writerBound());
        assertThat(accepted.get()).as("the writer stays blocked").isEqualTo(held);
        for (ProcessMemory stalled : new ProcessMemory[] {during, later}) {
          assertThat(stalled.liveHeapKiB() - before.liveHeapKiB())
              .as("live heap growth, KiB")
              .isLessThan(HEAP_GROWTH_BOUND_KIB);
          assertThat(stalled.rssKiB() - before.rssKiB())
              .as("RSS growth, KiB")
              .isLessThan(RSS_GROWTH_BOUND_KIB);
        }

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(readAll(reader.getInputStream(), SIZE, sha)).isEqualTo(SIZE);
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(sent.get(1, TimeUnit.MINUTES));
      }

      agent.type("q");
      assertThat(agent.awaitExit(TIMEOUT)).isZero();
      assertThat(helper.awaitExit(TIMEOUT)).isZero();
      TicketLog.Session session = new TicketLog(rig).onlySessionOf("LIC-TUNEL");
      assertThat(session.endReason()).isEqualTo("ENDED_BY_AGENT");
      assertThat(session.bytesToAgent()).isEqualTo(WARM_UP + SIZE);
    }
  }

  /** The customer's service: a warm-up connection, then SIZE bytes counted as they are taken. */
  private static void serve(
      ServerSocket service, AtomicLong accepted, CompletableFuture<String> sent) {
    try {
      try (Socket warm = service.accept()) {
        write(warm.getOutputStream(), WARM_UP, 1, null, null);
      }
      try (Socket socket = service.accept()) {
        socket.setSendBufferSize(SMALL_BUFFER);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        write(socket.getOutputStream(), SIZE, 2, sha, accepted);
        socket.shutdownOutput();
        sent.complete(HexFormat.of().formatHex(sha.digest()));
        socket.getInputStream().read(); // until the reader closes
      }
    } catch (Exception e) {
      sent.completeExceptionally(e);
    }
  }

  private static void write(
      OutputStream out, long size, long seed, MessageDigest sha, AtomicLong accepted)
      throws Exception {
    Random random = new Random(seed);
    byte[] chunk = new byte[16 * 1024];
    for (long left = size; left > 0; left -= chunk.length) {
      random.nextBytes(chunk);
      out.write(chunk);
      if (sha != null) {
        sha.update(chunk);
      }
      if (accepted != null) {
        accepted.addAndGet(chunk.length);
      }
    }
    out.flush();
  }

  /** Reads up to {@code size} bytes (less at end of stream), hashing them if asked. */
  private static long readAll(InputStream in, long size, MessageDigest sha) throws Exception {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n;
        total < size && (n = in.read(buffer, 0, (int) Math.min(buffer.length, size - total))) > 0;
        total += n) {
      if (sha != null) {
        sha.update(buffer, 0, n);
      }
    }
    return total;
  }

  /**
   * What the service may get rid of before its writes block, all of it in buffers that TCP sizes by
   * itself: the kernel's send and receive buffers of the three connections the test does not size
   * (service to helper, helper to broker, broker to agent app; Linux grows them up to {@code
   * tcp_wmem} and {@code tcp_rmem}'s maximum), the agent app's send buffer towards the reader, the
   * test's two small buffers, and what the programs hold: one read buffer in each app (128 KiB) and
   * the broker's write buffer (1 MiB) plus one read.
   */
  private static long writerBound() {
    long send = sysctlMax("tcp_wmem");
    long receive = sysctlMax("tcp_rmem");
    return 3 * (send + receive) + send + 2 * SMALL_BUFFER + 2 * 128 * 1024 + 2 * MIB;
  }

  private static long sysctlMax(String name) {
    // Read as a stream: /proc files report a size of 0, which Files.readString trusts.
    try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4", name))) {
      String[] values = in.readLine().trim().split("\\s+");
      return Long.parseLong(values[values.length - 1]);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read net.ipv4." + name, e);
    }
  }

  /**
   * Waits until the writer has accepted nothing for {@link #QUIET}.
   *
   * @return how many bytes it had accepted
   */
  private static long awaitWriterBlocked(AtomicLong accepted, CompletableFuture<String> sent)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    long last = -1;
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      assertThat(sent).as("the service finished writing: nothing held it back").isNotDone();
      long now = accepted.get();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      } else if (now > 0 && System.nanoTime() - quietSince > QUIET.toNanos()) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the writer never stopped: " + accepted.get() + " bytes");
  }
}
