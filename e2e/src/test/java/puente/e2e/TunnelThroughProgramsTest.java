package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 2 through the real programs: broker, helper and agent app as processes. */
@ExtendWith(SharedRig.class)
class TunnelThroughProgramsTest {
  static final int SIZE = 64 * 1024 * 1024;

  private final Rig rig;

  TunnelThroughProgramsTest(Rig rig) {
    this.rig = rig;
  }

  @Test
  void sixtyFourMebibytesEachWayArriveIntactThroughTheRealPrograms() throws Exception {
    try (ServerSocket service = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String toAgent = "puente_relay_bytes_total{direction=\"to_agent\"}";
      String toCustomer = "puente_relay_bytes_total{direction=\"to_customer\"}";
      double toAgentBefore = rig.metric(toAgent);
      double toCustomerBefore = rig.metric(toCustomer);

      // The customer's service: sends 64 MiB of random bytes and hashes what it receives.
      CompletableFuture<String> serviceGot = new CompletableFuture<>();
      CompletableFuture<String> serviceSent = new CompletableFuture<>();
      Thread serviceThread =
          new Thread(
              () -> {
                try (Socket socket = service.accept()) {
                  exchange(socket, 1, serviceSent, serviceGot);
                } catch (Exception e) {
                  serviceGot.completeExceptionally(e);
                }
              });
      serviceThread.start();

      Program helper =
          rig.helper(
              "--licence",
              "LIC-64MIB",
              "--product",
              "contabilidad",
              "--version",
              "2026.2",
              "--service",
              "127.0.0.1:" + service.getLocalPort());
      String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", Duration.ofSeconds(30)).group(1);
      Program agent = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
      helper.awaitLine("¿Lo permite\\?", Duration.ofSeconds(30));
      helper.type("s");
      Matcher ready =
          agent.awaitLine(
              "Túnel listo: (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)", Duration.ofSeconds(30));

      CompletableFuture<String> agentGot = new CompletableFuture<>();
      CompletableFuture<String> agentSent = new CompletableFuture<>();
      try (Socket socket = new Socket(ready.group(1), Integer.parseInt(ready.group(2)))) {
        exchange(socket, 2, agentSent, agentGot);
      }
      serviceThread.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(serviceGot.get(1, TimeUnit.MINUTES)).isEqualTo(agentSent.get());
      assertThat(agentGot.get(1, TimeUnit.MINUTES)).isEqualTo(serviceSent.get());

      agent.type("q");
      assertThat(agent.awaitExit(Duration.ofSeconds(30))).isZero();
      helper.awaitLine("El agente terminó la sesión", Duration.ofSeconds(30));
      assertThat(helper.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(rig.metric(toAgent) - toAgentBefore).isEqualTo(SIZE);
      assertThat(rig.metric(toCustomer) - toCustomerBefore).isEqualTo(SIZE);
    }
  }

  /** Writes SIZE random bytes while reading SIZE bytes; completes both hashes. */
  static void exchange(
      Socket socket, long seed, CompletableFuture<String> sent, CompletableFuture<String> got)
      throws Exception {
    Thread writer =
        new Thread(
            () -> {
              try {
                OutputStream out = socket.getOutputStream();
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                Random random = new Random(seed);
                byte[] chunk = new byte[64 * 1024];
                for (int left = SIZE; left > 0; left -= chunk.length) {
                  random.nextBytes(chunk);
                  out.write(chunk);
                  sha.update(chunk);
                }
                out.flush();
                socket.shutdownOutput();
                sent.complete(HexFormat.of().formatHex(sha.digest()));
              } catch (Exception e) {
                sent.completeExceptionally(e);
              }
            });
    writer.start();
    InputStream in = socket.getInputStream();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; total < SIZE && (n = in.read(buffer)) > 0; total += n) {
      sha.update(buffer, 0, n);
    }
    writer.join();
    got.complete(total == SIZE ? HexFormat.of().formatHex(sha.digest()) : "short: " + total);
  }
}
