package puente.client.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import puente.client.Endpoint;

/**
 * The customer's service in tunnel tests: echoes every connection on 127.0.0.1, then passes on the
 * end of stream.
 */
public final class EchoService implements AutoCloseable {
  /** A broken tunnel fails the check instead of hanging it. */
  private static final int READ_TIMEOUT_MILLIS = 60_000;

  private final ServerSocket server;

  /**
   * Starts listening on a free loopback port.
   *
   * @throws IOException if no port can be bound
   */
  public EchoService() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::echoConnections, "echo-service");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Where the service listens.
   *
   * @return {@code 127.0.0.1:port}
   */
  public Endpoint endpoint() {
    return new Endpoint("127.0.0.1", server.getLocalPort());
  }

  /**
   * Sends random bytes through a forward, half-closes, and checks that all of them come back in
   * order followed by the end of stream.
   *
   * @param forward where to connect, e.g. a {@code LocalForward} in front of an agent-side mux
   * @param size how many bytes to send
   * @throws Exception if the connection fails or the echo differs
   */
  public static void assertEchoed(Endpoint forward, int size) throws Exception {
    byte[] sent = new byte[size];
    new Random(7).nextBytes(sent);
    try (Socket client = new Socket(forward.host(), forward.port())) {
      client.setSoTimeout(READ_TIMEOUT_MILLIS);
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  client.getOutputStream().write(sent);
                  client.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      byte[] echoed = client.getInputStream().readAllBytes();
      writing.join();
      assertThat(echoed).isEqualTo(sent);
    }
  }

  /** Stops listening; connections already accepted run to their end. */
  @Override
  public void close() throws IOException {
    server.close();
  }

  private void echoConnections() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread worker =
            new Thread(
                () -> {
                  try (socket;
                      InputStream in = socket.getInputStream();
                      OutputStream out = socket.getOutputStream()) {
                    in.transferTo(out);
                    socket.shutdownOutput();
                  } catch (IOException e) {
                    // The test reports what went missing.
                  }
                });
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        return;
      }
    }
  }
}
