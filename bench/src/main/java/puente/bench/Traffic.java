package puente.bench;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The client end of the {@link BenchService} modes, against any path to it (a port). */
final class Traffic {
  private static final int BUFFER = 128 * 1024;

  private Traffic() {}

  /** Something to do once the sink confirmed, while the connection (and any relay) still lives. */
  interface AtEnd {
    void run() throws IOException;
  }

  /**
   * Sends {@code bytes} to the service's sink and waits until it has read them all.
   *
   * @param atEnd runs after the sink's answer, before the connection closes
   * @return nanoseconds from connect to the sink's answer
   */
  static long send(int port, long bytes, AtEnd atEnd) throws IOException {
    long start = System.nanoTime();
    try (Socket socket = connect(port)) {
      DataOutputStream out =
          new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), BUFFER));
      out.write(BenchService.SINK);
      out.writeLong(bytes);
      byte[] buffer = new byte[BUFFER];
      for (long left = bytes; left > 0; left -= buffer.length) {
        out.write(buffer, 0, (int) Math.min(buffer.length, left));
      }
      out.flush();
      if (socket.getInputStream().read() != 1) {
        throw new IOException("the sink did not confirm " + bytes + " bytes");
      }
      long elapsed = System.nanoTime() - start;
      atEnd.run();
      return elapsed;
    }
  }

  /**
   * Measures round trips of {@code size}-byte messages through the service's echo.
   *
   * @param warmup round trips first, not recorded
   * @param limitNanos stops early after this long, with the samples taken so far
   * @return the recorded round trips in nanoseconds
   */
  static long[] echo(int port, int warmup, int count, int size, long limitNanos)
      throws IOException {
    long[] samples = new long[count];
    long deadline = System.nanoTime() + limitNanos;
    int taken = 0;
    byte[] message = new byte[size];
    byte[] reply = new byte[size];
    try (Socket socket = connect(port)) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(BenchService.ECHO);
      for (int i = -warmup; i < count; i++) {
        long start = System.nanoTime();
        out.write(message);
        for (int got = 0; got < size; ) {
          int read = in.read(reply, got, size - got);
          if (read < 0) {
            throw new IOException("echo closed after " + (i + warmup) + " round trips");
          }
          got += read;
        }
        long end = System.nanoTime();
        if (i >= 0) {
          samples[taken++] = end - start;
        }
        if (end > deadline) {
          break;
        }
      }
    }
    return java.util.Arrays.copyOf(samples, Math.max(1, taken));
  }

  /** A connection reading the service's bulk stream as fast as it comes, until stopped. */
  static final class BulkReader implements AutoCloseable {
    private final Socket socket;
    private final AtomicLong received = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    BulkReader(int port) throws IOException {
      socket = connect(port);
      socket.getOutputStream().write(BenchService.BULK);
      thread = new Thread(this::drain, "bench-bulk-reader");
      thread.setDaemon(true);
      thread.start();
    }

    long received() {
      return received.get();
    }

    @Override
    public void close() throws IOException, InterruptedException {
      stopped.set(true);
      socket.close();
      thread.join(10_000);
    }

    private void drain() {
      byte[] buffer = new byte[BUFFER];
      try {
        InputStream in = socket.getInputStream();
        for (int read; !stopped.get() && (read = in.read(buffer)) > 0; ) {
          received.addAndGet(read);
        }
      } catch (IOException e) {
        // Closed by close().
      }
    }
  }

  static Socket connect(int port) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    return socket;
  }
}
