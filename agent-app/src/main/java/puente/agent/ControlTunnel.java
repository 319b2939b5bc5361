package puente.agent;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import puente.client.ChannelListener;
import puente.client.Endpoint;
import puente.client.FrameSink;
import puente.client.LaneDialer;
import puente.client.LocalForward;
import puente.client.TunnelMux;
import puente.v1.TunnelFrame;

/**
 * The agent's end of the session's tunnel, which follows control: the broker carries tunnel frames
 * only between the customer and the participant holding control, so the local port listens only
 * while this agent holds it. When control passes to someone else the port is released and its
 * connections closed; when it comes back, the same address is bound again.
 */
final class ControlTunnel implements AutoCloseable {
  private final Endpoint address;
  private final LaneDialer lanes;
  private LocalForward forward;
  private volatile TunnelMux mux;
  private boolean closed;

  private ControlTunnel(LocalForward bound, LaneDialer lanes) {
    this.forward = bound;
    this.lanes = lanes;
    this.address = bound.localEndpoint();
  }

  /**
   * Binds the local port now, so that a port in use is reported before anyone is asked for
   * anything. Connections wait in the listen backlog until {@link #open}.
   *
   * @param requested where to listen; port 0 picks a free port, kept for later rebinds
   * @param lanes reaches the broker's data port
   * @throws IOException if the address cannot be bound
   */
  static ControlTunnel bind(Endpoint requested, LaneDialer lanes) throws IOException {
    return new ControlTunnel(
        LocalForward.bind(requireNonNull(requested, "requested")), requireNonNull(lanes, "lanes"));
  }

  /** The address the port listens on while this agent holds control. */
  Endpoint localEndpoint() {
    return address;
  }

  /** Whether the port is carrying connections (this agent holds control). */
  boolean isOpen() {
    return mux != null;
  }

  /**
   * Starts carrying local connections through a new channel set; binds the port again if it was
   * released. Does nothing if already open.
   *
   * @param sink the agent's stream
   * @param listener hears about connections opening and closing
   * @throws IOException if the port cannot be bound again (another program took it)
   */
  synchronized void open(FrameSink sink, ChannelListener listener) throws IOException {
    if (closed) {
      throw new IllegalStateException("the tunnel is closed");
    }
    if (mux != null) {
      return;
    }
    if (forward == null) {
      forward = LocalForward.bind(address);
    }
    TunnelMux channels = TunnelMux.agentSide(sink, lanes, listener);
    forward.start(channels);
    mux = channels;
  }

  /** Control passed to someone else: releases the port and closes its connections. */
  synchronized void suspend() {
    if (forward != null) {
      forward.close();
      forward = null;
    }
    TunnelMux channels = mux;
    mux = null;
    if (channels != null) {
      channels.close();
    }
  }

  /**
   * Hands a tunnel frame from the customer to the open channels; ignored while suspended.
   *
   * @param frame the frame
   */
  void receive(TunnelFrame frame) {
    TunnelMux channels = mux;
    if (channels != null) {
      channels.receive(frame);
    }
  }

  /** The session is over: releases the port for good. */
  @Override
  public synchronized void close() {
    suspend();
    closed = true;
  }
}
