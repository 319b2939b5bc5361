package puente.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

/**
 * The apps' end of a session's tunnel: many TCP connections, one numbered channel each, as
 * described in {@link Tunnel}.
 *
 * <p>The agent side opens channels: each local connection it {@link #carry carries} gets a new
 * channel number and an {@code open} frame; the broker answers with the agent's lane. The helper
 * side answers each {@code open} (which carries its lane) by connecting to the customer's service
 * and replying {@code opened}, or {@code close} with the error; only on {@code opened} does the
 * agent side dial its lane. Each channel's bytes then flow through the broker's data port, one
 * thread per direction with blocking sockets.
 *
 * <p>{@link #receive} never blocks.
 */
public final class TunnelMux implements AutoCloseable {
  private final FrameSink sink;
  private final Endpoint service;
  private final LaneDialer dialer;
  private final ChannelListener listener;
  private final Map<Integer, TunnelChannel> channels = new ConcurrentHashMap<>();
  private final AtomicInteger lastChannel = new AtomicInteger();
  private volatile boolean closed;

  private TunnelMux(FrameSink sink, Endpoint service, LaneDialer dialer, ChannelListener listener) {
    this.sink = requireNonNull(sink, "sink");
    this.service = service;
    this.dialer = requireNonNull(dialer, "dialer");
    this.listener = requireNonNull(listener, "listener");
  }

  /**
   * Creates the agent's end, which opens a channel for each local connection.
   *
   * @param sink where frames go (the agent's stream)
   * @param dialer reaches the broker's data port
   * @param listener hears about channels opening and closing
   * @return the mux
   */
  public static TunnelMux agentSide(FrameSink sink, LaneDialer dialer, ChannelListener listener) {
    return new TunnelMux(sink, null, dialer, listener);
  }

  /**
   * Creates the customer's end, which connects each channel the agent opens to one service.
   *
   * @param sink where frames go (the helper's stream)
   * @param service the TCP service the customer offered, e.g. {@code 127.0.0.1:5900}
   * @param dialer reaches the broker's data port
   * @param listener hears about channels opening and closing
   * @return the mux
   */
  public static TunnelMux helperSide(
      FrameSink sink, Endpoint service, LaneDialer dialer, ChannelListener listener) {
    return new TunnelMux(sink, requireNonNull(service, "service"), dialer, listener);
  }

  /**
   * Agent side: carries one accepted local connection through a new channel. The connection is
   * closed at once if the mux is closed or {@link Tunnel#MAX_CHANNELS} are open.
   *
   * @param connection the local connection; the mux owns it from now on
   * @throws IllegalStateException on the helper side
   */
  public void carry(Socket connection) {
    if (service != null) {
      throw new IllegalStateException("only the agent side opens channels");
    }
    if (closed || channels.size() >= Tunnel.MAX_CHANNELS) {
      closeQuietly(connection);
      return;
    }
    TunnelChannel channel;
    int id;
    do {
      id = lastChannel.updateAndGet(last -> last == Integer.MAX_VALUE ? 1 : last + 1);
      channel = new TunnelChannel(id, this);
    } while (channels.putIfAbsent(id, channel) != null);
    try {
      connection.setTcpNoDelay(true);
    } catch (IOException e) {
      // Latency only; the channel still works.
    }
    channel.startOpening(connection);
  }

  /**
   * Handles a frame from the broker. Never blocks; frames for channels that are gone are ignored.
   *
   * @param frame the frame
   */
  public void receive(TunnelFrame frame) {
    int id = frame.getChannel();
    if (frame.hasOpen()) {
      acceptOpen(id, frame.getOpen());
      return;
    }
    TunnelChannel channel = channels.get(id);
    if (channel == null) {
      return;
    }
    switch (frame.getEventCase()) {
      case LANE -> {
        if (service == null) {
          channel.onLane(frame.getLane());
        }
      }
      case OPENED -> {
        if (service == null) {
          channel.onPeerOpened();
        }
      }
      case CLOSE -> channel.onPeerClose(frame.getClose().getError());
      default -> {
        // Unknown event from a newer peer: nothing this version can do with it.
      }
    }
  }

  /**
   * Counts the channels not yet fully closed.
   *
   * @return the number of open channels
   */
  public int openChannels() {
    return channels.size();
  }

  /** Closes every channel's sockets without telling the peer: the session is over. */
  @Override
  public void close() {
    closed = true;
    for (TunnelChannel channel : channels.values()) {
      channel.shutDown("tunnel closed");
    }
  }

  private void acceptOpen(int id, TunnelFrame.Open open) {
    if (service == null) {
      send(closeFrame(id, "the agent side does not accept channels"));
      return;
    }
    if (!open.hasLane()) {
      send(closeFrame(id, "open without a lane"));
      return;
    }
    if (closed || channels.size() >= Tunnel.MAX_CHANNELS) {
      send(closeFrame(id, "too many channels (expected: <= " + Tunnel.MAX_CHANNELS + ")"));
      return;
    }
    TunnelChannel channel = new TunnelChannel(id, this);
    if (channels.putIfAbsent(id, channel) != null) {
      send(closeFrame(id, "channel " + id + " is already open"));
      return;
    }
    channel.startConnecting(service, open.getLane());
  }

  void send(TunnelFrame.Builder frame) {
    sink.send(RelayFrame.newBuilder().setTunnel(frame).build());
  }

  LaneDialer dialer() {
    return dialer;
  }

  void forget(int id, TunnelChannel channel) {
    channels.remove(id, channel);
  }

  ChannelListener listener() {
    return listener;
  }

  void startThread(String name, Runnable task) {
    Thread thread = new Thread(task, "puente-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  private static TunnelFrame.Builder closeFrame(int id, String error) {
    return TunnelFrame.newBuilder()
        .setChannel(id)
        .setClose(TunnelFrame.Close.newBuilder().setError(error));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing more to release.
    }
  }
}
