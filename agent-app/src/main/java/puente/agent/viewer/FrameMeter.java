package puente.agent.viewer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Frame rate, bandwidth and capture-to-display latency over the last second, for the status bar.
 * Thread-safe.
 */
public final class FrameMeter {
  private static final long WINDOW_NANOS = Duration.ofSeconds(1).toNanos();

  private record Sample(long atNanos, int bytes, long latencyMicros) {}

  private final Deque<Sample> samples = new ArrayDeque<>();
  private long totalBytes;
  private long totalFrames;

  /**
   * Counts one frame.
   *
   * @param bytes its size on the wire
   * @param capturedAt when the helper captured it
   * @param now when it was shown
   */
  public synchronized void record(int bytes, Instant capturedAt, Instant now) {
    long nanos = System.nanoTime();
    samples.addLast(
        new Sample(nanos, bytes, Math.max(0, Duration.between(capturedAt, now).toNanos() / 1000)));
    totalBytes += bytes;
    totalFrames++;
    trim(nanos);
  }

  /** Frames in the last second. */
  public synchronized int framesPerSecond() {
    trim(System.nanoTime());
    return samples.size();
  }

  /** Bytes in the last second. */
  public synchronized long bytesPerSecond() {
    trim(System.nanoTime());
    return samples.stream().mapToLong(Sample::bytes).sum();
  }

  /** Mean capture-to-display latency in the last second, in milliseconds; 0 without frames. */
  public synchronized long latencyMillis() {
    trim(System.nanoTime());
    return Math.round(
        samples.stream().mapToLong(Sample::latencyMicros).average().orElse(0) / 1000.0);
  }

  /** Bytes since the start. */
  public synchronized long totalBytes() {
    return totalBytes;
  }

  /** Frames since the start. */
  public synchronized long totalFrames() {
    return totalFrames;
  }

  private void trim(long nanos) {
    while (!samples.isEmpty() && nanos - samples.peekFirst().atNanos() > WINDOW_NANOS) {
      samples.removeFirst();
    }
  }
}
