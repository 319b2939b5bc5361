package puente.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chain of {@code socat -b 131072} relays on loopback in front of a port: the plain-TCP baseline
 * for a path through Puente's three programs. Each relay carries one connection (no {@code fork}),
 * so its CPU time is its own and readable while the connection is open.
 */
final class SocatChain implements AutoCloseable {
  /** socat's buffer: its 8 KiB default would make a baseline far too easy to beat. */
  static final int BUFFER = 131072;

  private final List<Proc> relays;
  private final int entryPort;

  private SocatChain(List<Proc> relays, int entryPort) {
    this.relays = relays;
    this.entryPort = entryPort;
  }

  /**
   * Starts {@code length} relays, the last one connecting to {@code targetPort}.
   *
   * @return the chain, listening on {@link #entryPort()}
   */
  static SocatChain start(int length, int targetPort) throws IOException, InterruptedException {
    List<Proc> relays = new ArrayList<>();
    int next = targetPort;
    try {
      for (int i = 0; i < length; i++) {
        int port = Installation.freePort();
        Proc relay =
            Proc.start(
                "socat",
                List.of(
                    "socat",
                    "-d",
                    "-d",
                    "-b",
                    Integer.toString(BUFFER),
                    "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr",
                    "TCP:127.0.0.1:" + next + ",nodelay"),
                Map.of());
        relays.add(relay);
        relay.awaitLine("listening on", Duration.ofSeconds(10));
        next = port;
      }
    } catch (IOException | RuntimeException e) {
      for (Proc relay : relays) {
        relay.close();
      }
      throw e;
    }
    return new SocatChain(relays, next);
  }

  int entryPort() {
    return entryPort;
  }

  /** CPU seconds used so far by the chain's relays; read it before the connection closes. */
  double cpuSeconds() throws IOException {
    double total = 0;
    for (Proc relay : relays) {
      total += relay.cpuSeconds();
    }
    return total;
  }

  @Override
  public void close() throws InterruptedException {
    for (Proc relay : relays) {
      relay.close();
    }
  }
}
