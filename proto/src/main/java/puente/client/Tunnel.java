package puente.client;

import java.nio.charset.StandardCharsets;

/**
 * The tunnel protocol's constants, shared by both ends and the broker (see {@code TunnelFrame} in
 * {@code common.proto}).
 *
 * <p>Each channel carries one TCP connection. Its open, opened and close travel as frames on the
 * session's stream; its bytes travel on two TCP connections to the broker's data port, one from
 * each end, which the broker joins after each has sent {@link #LANE_PREAMBLE} and its lane token.
 * TCP's flow control works end to end through the broker: a reader that stops reading stops the
 * writer on the other end.
 */
public final class Tunnel {
  /** What a lane connection sends first, before its token. */
  public static final byte[] LANE_PREAMBLE = "PUENTE-LANE/1\n".getBytes(StandardCharsets.US_ASCII);

  /** Length of a lane token. */
  public static final int TOKEN_BYTES = 32;

  /** Bytes copied per read and write when the apps pump a connection. */
  public static final int BUFFER = 128 * 1024;

  /** Most channels open at once in one session; more connections are refused. */
  public static final int MAX_CHANNELS = 64;

  /** How long an end waits to connect to the customer's service or to the data port. */
  public static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private Tunnel() {}
}
