package puente.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The agent's listening port: every connection accepted on it is carried through a {@link
 * TunnelMux} to the customer's service. Binding and accepting are separate steps so that a port
 * already in use is reported before the customer is asked for consent; connections that arrive in
 * between wait in the listen backlog.
 */
public final class LocalForward implements AutoCloseable {
  private final ServerSocket server;

  private LocalForward(ServerSocket server) {
    this.server = server;
  }

  /**
   * Binds the port without accepting yet.
   *
   * @param bind where to listen, e.g. {@code 127.0.0.1:15900}; port 0 picks a free port
   * @return the bound forward
   * @throws IOException if the address cannot be bound
   */
  public static LocalForward bind(Endpoint bind) throws IOException {
    requireNonNull(bind, "bind");
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(bind.host(), bind.port()));
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new LocalForward(server);
  }

  /**
   * Starts accepting connections on a daemon thread, each carried by the mux.
   *
   * @param mux the agent side of the session's tunnel
   */
  public void start(TunnelMux mux) {
    requireNonNull(mux, "mux");
    mux.startThread("forward-" + server.getLocalPort(), () -> acceptLoop(mux));
  }

  /**
   * Returns the address actually listened on (the real port when 0 was asked for).
   *
   * @return the local endpoint
   */
  public Endpoint localEndpoint() {
    return new Endpoint(server.getInetAddress().getHostAddress(), server.getLocalPort());
  }

  /** Stops accepting; channels already open are left to the mux. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // The port is released either way.
    }
  }

  private void acceptLoop(TunnelMux mux) {
    while (!server.isClosed()) {
      try {
        Socket connection = server.accept();
        mux.carry(connection);
      } catch (IOException e) {
        if (server.isClosed() || !backOff()) {
          return;
        }
      }
    }
  }

  /** Waits a moment after a failed accept (e.g. out of file descriptors) instead of spinning. */
  private static boolean backOff() {
    try {
      Thread.sleep(100);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
