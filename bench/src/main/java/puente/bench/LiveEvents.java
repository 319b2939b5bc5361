package puente.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A live page's event stream read as a watching browser would: each event is timed when its last
 * line arrives. A stream that tracks sessions keeps the ids each recent board names ({@code
 * data-session}), so that a change can be matched with the first event that shows it.
 */
final class LiveEvents implements AutoCloseable {
  private static final Pattern ROW = Pattern.compile("data-session=\"([^\"]+)\"");
  private static final int KEPT = 64;

  /** One board as it arrived: when, and the sessions it names. */
  private record Board(long arrivedNanos, Set<String> sessions) {}

  private final InputStream body;
  private final boolean tracking;
  private final Deque<Board> recent = new ArrayDeque<>();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final Thread reader;

  private LiveEvents(InputStream body, boolean tracking) {
    this.body = body;
    this.tracking = tracking;
    this.reader = new Thread(this::read, "live-events");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Subscribes to the live page's events.
   *
   * @param tracking whether to keep the sessions each event names (else only count them)
   */
  static LiveEvents open(ConsoleClient console, boolean tracking)
      throws IOException, InterruptedException {
    return new LiveEvents(console.events("/console/live/events"), tracking);
  }

  long events() {
    return events.get();
  }

  long bytes() {
    return bytes.get();
  }

  /**
   * Waits for the first board that arrived at or after {@code sinceNanos} and names the session.
   *
   * @return when it arrived ({@link System#nanoTime})
   */
  long awaitNaming(String sessionId, long sinceNanos, Duration timeout)
      throws InterruptedException {
    return await(sessions -> sessions.contains(sessionId), sinceNanos, timeout, "naming");
  }

  /** Waits for the first board that arrived at or after {@code sinceNanos} without the session. */
  long awaitNotNaming(String sessionId, long sinceNanos, Duration timeout)
      throws InterruptedException {
    return await(sessions -> !sessions.contains(sessionId), sinceNanos, timeout, "without");
  }

  private long await(Predicate<Set<String>> shows, long sinceNanos, Duration timeout, String what)
      throws InterruptedException {
    if (!tracking) {
      throw new IllegalStateException("this stream only counts its events");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (recent) {
      while (true) {
        for (Board board : recent) {
          if (board.arrivedNanos() - sinceNanos >= 0 && shows.test(board.sessions())) {
            return board.arrivedNanos();
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !reader.isAlive()) {
          throw new IllegalStateException(
              "no live board " + what + " the session within " + timeout);
        }
        recent.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16)) {
      Set<String> sessions = new HashSet<>();
      boolean board = false;
      long size = 0;
      String line;
      while ((line = lines.readLine()) != null) {
        size += line.length() + 1;
        if (line.equals("event: live")) {
          board = true;
        } else if (line.isEmpty()) {
          if (board) {
            arrived(System.nanoTime(), sessions, size);
            sessions = new HashSet<>();
          }
          board = false;
          size = 0;
        } else if (tracking && board && line.startsWith("data: ")) {
          Matcher row = ROW.matcher(line);
          while (row.find()) {
            sessions.add(row.group(1));
          }
        }
      }
    } catch (IOException closed) {
      // The stream was closed.
    }
    synchronized (recent) {
      recent.notifyAll();
    }
  }

  private void arrived(long nanos, Set<String> sessions, long size) {
    events.incrementAndGet();
    bytes.addAndGet(size);
    if (!tracking) {
      return;
    }
    synchronized (recent) {
      recent.addLast(new Board(nanos, sessions));
      if (recent.size() > KEPT) {
        recent.removeFirst();
      }
      recent.notifyAll();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    body.close();
    reader.join(5_000);
  }
}
