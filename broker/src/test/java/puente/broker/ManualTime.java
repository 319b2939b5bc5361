package puente.broker;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import puente.broker.time.Timeouts;

/**
 * Time that moves only when a test says so: one clock, one ticker and the broker's timeouts, all
 * advanced together by {@link #advance}. Timeouts that fall due run on the test's thread, in order;
 * work handed to {@link #execute} runs at once on a thread of its own, as on the broker.
 */
public final class ManualTime implements Timeouts {
  private final Instant start;
  private final PriorityQueue<Task> due =
      new PriorityQueue<>(
          java.util.Comparator.comparingLong((Task t) -> t.at).thenComparingLong(t -> t.order));
  private final ExecutorService soon =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "manual-time-soon");
            t.setDaemon(true);
            return t;
          });
  private long nanos;
  private long sequence;

  /** Time standing at {@code start}. */
  public ManualTime(Instant start) {
    this.start = start;
  }

  /** The clock: {@code start} plus the time advanced so far. */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("zone: " + zone + " (expected: UTC)");
      }

      @Override
      public Instant instant() {
        return start.plusNanos(read());
      }
    };
  }

  /** The ticker, moving with the clock. */
  public Ticker ticker() {
    return this::read;
  }

  private synchronized long read() {
    return nanos;
  }

  @Override
  public synchronized Future<?> after(Duration delay, Runnable action) {
    Task task = new Task(nanos + Math.max(0, delay.toNanos()), sequence++, action);
    due.add(task);
    notifyAll();
    return task;
  }

  @Override
  public void execute(Runnable action) {
    soon.execute(action);
  }

  /**
   * Waits until the broker, on its own threads, has set a timeout that falls due within {@code
   * within} from now; fails after 10 s. Advancing before then would leave that timeout behind.
   */
  public synchronized void awaitTimeoutWithin(Duration within) throws InterruptedException {
    long realDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (due.stream().noneMatch(t -> !t.isCancelled() && t.at <= nanos + within.toNanos())) {
      long left = realDeadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no timeout falls due within " + within + " after 10 s");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits until the work already handed to {@link #execute} has run; fails after 10 s. */
  public void settle() throws Exception {
    soon.submit(() -> {}).get(10, TimeUnit.SECONDS);
  }

  /** Moves time forward, running every timeout that falls due on the way, in order. */
  public void advance(Duration by) {
    long target;
    synchronized (this) {
      target = nanos + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = due.peek();
        if (next == null || next.at > target) {
          nanos = target;
          return;
        }
        due.poll();
        nanos = Math.max(nanos, next.at);
      }
      if (!next.isCancelled()) {
        next.run();
      }
    }
  }

  /** A timeout waiting for its time. */
  private static final class Task implements Future<Object> {
    final long at;
    final long order;
    final Runnable action;
    private volatile boolean cancelled;
    private volatile boolean done;

    Task(long at, long order, Runnable action) {
      this.at = at;
      this.order = order;
      this.action = action;
    }

    void run() {
      try {
        action.run();
      } finally {
        done = true;
      }
    }

    @Override
    public boolean cancel(boolean mayInterrupt) {
      cancelled = true;
      return !done;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
