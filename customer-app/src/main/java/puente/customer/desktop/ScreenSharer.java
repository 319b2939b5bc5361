package puente.customer.desktop;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import puente.client.FrameSink;
import puente.client.screen.ScreenEncoder;
import puente.client.screen.ScreenPixels;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;

/**
 * Shares the customer's screen: captures on its own thread, sends what changed, and never gets
 * ahead of the link.
 *
 * <p>Pacing: a capture starts only when the stream can take another message ({@link
 * FrameSink#awaitReady}) and no sooner than one frame interval after the previous one. The interval
 * starts at {@code 1 / maxFps}; each time the stream was not ready it grows by half (up to one
 * second), and each time it was ready it shrinks by a tenth back towards {@code 1 / maxFps}. So
 * nothing queues up: a slow link gets fewer, larger updates.
 *
 * <p>Pause stops the thread before its next capture; an update not yet sent when the pause comes is
 * dropped, and the first capture after resuming is a full frame.
 */
public final class ScreenSharer implements AutoCloseable {
  private static final Duration SLOWEST = Duration.ofSeconds(1);

  private final Desktop desktop;
  private final FrameSink sink;
  private final long fastestNanos;
  private final Consumer<RuntimeException> onFailure;
  private final ScreenEncoder encoder = ScreenEncoder.create();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final Thread thread;
  private boolean paused;
  private boolean closed;
  private boolean fullRequested;
  private volatile long intervalNanos;

  /**
   * Creates a sharer; call {@link #start()} once the session is live.
   *
   * @param desktop the monitor to capture
   * @param sink the session's stream
   * @param maxFps the fastest capture rate, 1 to 60
   * @param onFailure told once if capturing fails (the sharer stops)
   */
  public ScreenSharer(
      Desktop desktop, FrameSink sink, int maxFps, Consumer<RuntimeException> onFailure) {
    this.desktop = requireNonNull(desktop, "desktop");
    this.sink = requireNonNull(sink, "sink");
    this.onFailure = requireNonNull(onFailure, "onFailure");
    if (maxFps < 1 || maxFps > 60) {
      throw new IllegalArgumentException("maxFps: " + maxFps + " (expected: 1-60)");
    }
    this.fastestNanos = TimeUnit.SECONDS.toNanos(1) / maxFps;
    this.intervalNanos = fastestNanos;
    this.thread = new Thread(this::run, "puente-screen");
    this.thread.setDaemon(true);
  }

  /** Starts capturing. The first update is a full frame. */
  public void start() {
    thread.start();
  }

  /**
   * Pauses or resumes capturing.
   *
   * @param pause true to stop before the next capture, false to go on with a full frame
   */
  public void setPaused(boolean pause) {
    lock.lock();
    try {
      if (paused && !pause) {
        fullRequested = true;
      }
      paused = pause;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A viewer needs the whole screen: the next update is a full frame. */
  public void requestFullFrame() {
    lock.lock();
    try {
      fullRequested = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many frames went out. */
  public long framesSent() {
    return framesSent.get();
  }

  /** How many bytes of frames went out. */
  public long bytesSent() {
    return bytesSent.get();
  }

  /** The current capture interval, longer than {@code 1 / maxFps} while the link is slow. */
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /** Stops capturing; waits briefly for the thread to finish. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    long nextCapture = System.nanoTime();
    try {
      while (true) {
        if (!awaitTurn(nextCapture)) {
          return;
        }
        long askedAt = System.nanoTime();
        if (!sink.awaitReady()) {
          return;
        }
        adapt(System.nanoTime() - askedAt > TimeUnit.MILLISECONDS.toNanos(1));
        long capturedAt = System.nanoTime();
        nextCapture = capturedAt + intervalNanos;
        Boolean full = takeFullRequest();
        if (full == null) {
          continue;
        }
        ScreenPixels pixels = desktop.capture();
        int[] pointer = desktop.pointer();
        List<ScreenFrame> frames =
            encoder.encode(pixels, full, Instant.now(), pointer[0], pointer[1]);
        send(frames);
      }
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      if (!isClosed()) {
        onFailure.accept(e);
      }
    } finally {
      encoder.close();
    }
  }

  /** Waits until the next capture is due and sharing is on; false once closed. */
  private boolean awaitTurn(long nextCapture) throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        long wait = nextCapture - System.nanoTime();
        if (paused) {
          changed.await();
        } else if (wait > 0) {
          changed.awaitNanos(wait);
        } else {
          return true;
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Whether this capture must be full; null if a pause came meanwhile. */
  private Boolean takeFullRequest() {
    lock.lock();
    try {
      if (paused || closed) {
        return null;
      }
      boolean full = fullRequested;
      fullRequested = false;
      return full;
    } finally {
      lock.unlock();
    }
  }

  private void send(List<ScreenFrame> frames) throws InterruptedException {
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0 && !sink.awaitReady()) {
        return;
      }
      lock.lock();
      try {
        if (paused || closed) {
          // The encoder already counts this update as sent: start over from a full frame.
          fullRequested = true;
          return;
        }
        ScreenFrame frame = frames.get(i);
        sink.send(RelayFrame.newBuilder().setScreen(frame).build());
        framesSent.incrementAndGet();
        bytesSent.addAndGet(frame.getSerializedSize());
      } finally {
        lock.unlock();
      }
    }
  }

  private void adapt(boolean linkWasBusy) {
    long interval = intervalNanos;
    interval = linkWasBusy ? interval * 3 / 2 : interval * 9 / 10;
    intervalNanos = Math.max(fastestNanos, Math.min(SLOWEST.toNanos(), interval));
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }
}
