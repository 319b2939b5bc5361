package puente.client;

/**
 * The tunnel protocol's constants, shared by both ends (see {@code TunnelFrame} in {@code
 * common.proto}).
 *
 * <p>Each channel carries one TCP connection. Flow control is per channel, per direction and end to
 * end: a side may have at most {@link #INITIAL_WINDOW} data bytes sent but not yet acknowledged;
 * the receiver acknowledges with {@code window = n} once it has written {@code n} bytes to its
 * local socket. A receiver therefore never buffers more than the window per channel, and a reader
 * that stops reading stops the writer on the other end.
 */
public final class Tunnel {
  /**
   * Unacknowledged data bytes a sender may have in flight per channel and direction. Larger moves
   * more per round trip; it also bounds how long a small frame queues behind a bulk channel of the
   * same session (about window / rate): 2 MiB is the measured middle (docs/BENCHMARKS.md).
   */
  public static final int INITIAL_WINDOW = 2 * 1024 * 1024;

  /**
   * A receiver acknowledges written bytes in batches of this size, or sooner when it has nothing
   * else queued.
   */
  public static final int ACK_BATCH = INITIAL_WINDOW / 8;

  /** Largest payload of one {@code data} frame: each frame costs a message in three processes. */
  public static final int MAX_CHUNK = 128 * 1024;

  /** Most channels open at once in one session; more connections are refused. */
  public static final int MAX_CHANNELS = 64;

  /** How long the helper side waits to connect to the customer's service. */
  public static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private Tunnel() {}
}
