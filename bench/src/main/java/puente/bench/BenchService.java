package puente.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The customer's service in every benchmark: a TCP server whose first byte from each client picks
 * what the connection does. The same server sits behind a direct connection, socat relays and a
 * Puente tunnel, so only the path between differs.
 *
 * <ul>
 *   <li>{@link #SINK}: reads an 8-byte length, then that many bytes, then answers one byte;
 *   <li>{@link #ECHO}: sends back every byte it reads;
 *   <li>{@link #BULK}: writes without end until the client goes away.
 * </ul>
 */
final class BenchService implements AutoCloseable {
  static final int SINK = 'S';
  static final int ECHO = 'E';
  static final int BULK = 'B';

  private static final int BUFFER = 128 * 1024;

  private final ServerSocket server;
  private final AtomicLong bulkBytesWritten = new AtomicLong();

  BenchService() throws IOException {
    server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "bench-service");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Bytes written so far by every {@link #BULK} connection. */
  long bulkBytesWritten() {
    return bulkBytesWritten.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread worker = new Thread(() -> serve(socket), "bench-service-conn");
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      int mode = in.read();
      switch (mode) {
        case SINK -> sink(new DataInputStream(in), out);
        case ECHO -> echo(in, out);
        case BULK -> bulk(out);
        default -> {
          // Unknown mode or an immediate close: nothing to do.
        }
      }
    } catch (IOException e) {
      // The client went away: normal at the end of echo and bulk connections.
    }
  }

  private static void sink(DataInputStream in, OutputStream out) throws IOException {
    long left = in.readLong();
    byte[] buffer = new byte[BUFFER];
    while (left > 0) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (read < 0) {
        throw new IOException("short stream: " + left + " bytes missing");
      }
      left -= read;
    }
    out.write(1);
    out.flush();
  }

  private static void echo(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[4096];
    for (int read; (read = in.read(buffer)) > 0; ) {
      out.write(buffer, 0, read);
      out.flush();
    }
  }

  private void bulk(OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    while (true) {
      out.write(buffer);
      bulkBytesWritten.addAndGet(buffer.length);
    }
  }
}
