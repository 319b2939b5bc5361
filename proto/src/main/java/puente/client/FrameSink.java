package puente.client;

import puente.v1.RelayFrame;

/**
 * Where frames go: the session's gRPC stream in the apps (tunnel control from a {@link TunnelMux},
 * screen frames), a test stand-in in tests. Implementations make {@link #send} safe to call from
 * many threads.
 */
public interface FrameSink {
  /**
   * Sends one frame, in order with the other frames sent from the same thread. Never blocks waiting
   * for the peer; a frame sent after the transport closed is dropped.
   *
   * @param frame the frame
   */
  void send(RelayFrame frame);

  /**
   * Blocks until the transport can take another data frame without buffering past its own small
   * limit ({@code isReady()} on a gRPC stream).
   *
   * @return true when ready, false if the transport closed
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  boolean awaitReady() throws InterruptedException;
}
