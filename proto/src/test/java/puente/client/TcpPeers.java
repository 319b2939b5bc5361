package puente.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/** Real TCP services and stream helpers for tunnel tests, all on 127.0.0.1. */
final class TcpPeers {
  private TcpPeers() {}

  /** Starts a server on 127.0.0.1 port 0 that runs {@code handler} per connection. */
  static ServerSocket serve(ConnectionHandler handler) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket socket = server.accept();
                  Thread worker = new Thread(() -> handleQuietly(handler, socket));
                  worker.setDaemon(true);
                  worker.start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** Writes {@code size} pseudo-random bytes from {@code seed}; returns their SHA-256. */
  static String writeRandom(OutputStream out, long size, long seed) throws IOException {
    MessageDigest digest = sha256();
    Random random = new Random(seed);
    byte[] buffer = new byte[50_000];
    long left = size;
    while (left > 0) {
      int n = (int) Math.min(buffer.length, left);
      random.nextBytes(buffer);
      out.write(buffer, 0, n);
      digest.update(buffer, 0, n);
      left -= n;
    }
    out.flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Reads to end of stream; returns the SHA-256 and count as {@code hex/count}. */
  static Received readAll(InputStream in) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[64 * 1024];
    long count = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      digest.update(buffer, 0, n);
      count += n;
    }
    return new Received(HexFormat.of().formatHex(digest.digest()), count);
  }

  record Received(String sha256, long bytes) {}

  interface ConnectionHandler {
    void handle(Socket socket) throws IOException;
  }

  private static void handleQuietly(ConnectionHandler handler, Socket socket) {
    try (socket) {
      handler.handle(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
