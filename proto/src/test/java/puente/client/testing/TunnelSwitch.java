package puente.client.testing;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import puente.client.Endpoint;
import puente.client.FrameSink;
import puente.client.LaneDialer;
import puente.client.Tunnel;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

/**
 * A test stand-in for the broker's tunnel switching, for unit tests of the client code: between an
 * agent side and a helper side it answers each {@code open} with a pair of lanes, forwards {@code
 * opened} and {@code close}, and joins lane connections on a real loopback data port with blocking
 * threads, passing on half-close and closing the partner on a reset. It checks no rights and times
 * nothing out; the broker's own {@code DataPlane} is covered by the broker and e2e tests.
 *
 * <pre>{@code
 * TunnelSwitch broker = TunnelSwitch.start();
 * TunnelMux agent = TunnelMux.agentSide(broker.agentSink(), broker.dialer(), listener);
 * TunnelMux helper = TunnelMux.helperSide(broker.helperSink(), service, broker.dialer(), NONE);
 * broker.deliverTo(agent::receive, helper::receive);
 * }</pre>
 */
public final class TunnelSwitch implements AutoCloseable {
  private final ServerSocket dataPort;
  private final SecureRandom random = new SecureRandom();
  private final Map<ByteString, Pair> pending = new ConcurrentHashMap<>();
  private final Map<Integer, Pair> byChannel = new ConcurrentHashMap<>();
  private volatile Consumer<TunnelFrame> toAgent = frame -> {};
  private volatile Consumer<TunnelFrame> toHelper = frame -> {};

  private TunnelSwitch(ServerSocket dataPort) {
    this.dataPort = dataPort;
  }

  /**
   * Listens for lanes on 127.0.0.1, on a free port.
   *
   * @return the running switch
   * @throws IOException if no port can be bound
   */
  public static TunnelSwitch start() throws IOException {
    TunnelSwitch tunnels =
        new TunnelSwitch(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    daemon("lane-accept", tunnels::acceptLanes);
    return tunnels;
  }

  /**
   * Says where each side's frames go, e.g. a mux's {@code receive} or a fake broker's stream.
   *
   * @param agent receives {@code lane}, {@code opened} and {@code close}
   * @param helper receives {@code open} (with its lane) and {@code close}
   */
  public void deliverTo(Consumer<TunnelFrame> agent, Consumer<TunnelFrame> helper) {
    toAgent = requireNonNull(agent, "agent");
    toHelper = requireNonNull(helper, "helper");
  }

  /**
   * Where the agent side sends its frames.
   *
   * @return a sink that hands each frame to {@link #fromAgent}
   */
  public FrameSink agentSink() {
    return sink(this::fromAgent);
  }

  /**
   * Where the helper side sends its frames.
   *
   * @return a sink that hands each frame to {@link #fromHelper}
   */
  public FrameSink helperSink() {
    return sink(this::fromHelper);
  }

  /**
   * A dialer for this switch's data port, in plaintext.
   *
   * @return the dialer
   */
  public LaneDialer dialer() {
    try {
      return LaneDialer.forBroker(new Endpoint("127.0.0.1", dataPort.getLocalPort()), null, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A frame from the agent side: an {@code open} gets a pair of lanes, a {@code close} closes the
   * channel's lanes and goes on to the helper side.
   *
   * @param frame the frame
   */
  public void fromAgent(TunnelFrame frame) {
    int channel = frame.getChannel();
    if (frame.hasOpen()) {
      Pair pair = new Pair(token(), token());
      pending.put(pair.agentToken, pair);
      pending.put(pair.helperToken, pair);
      byChannel.put(channel, pair);
      toAgent.accept(
          TunnelFrame.newBuilder().setChannel(channel).setLane(lane(pair.agentToken)).build());
      toHelper.accept(
          TunnelFrame.newBuilder()
              .setChannel(channel)
              .setOpen(TunnelFrame.Open.newBuilder().setLane(lane(pair.helperToken)))
              .build());
    } else if (frame.hasClose()) {
      closeLanes(byChannel.remove(channel));
      toHelper.accept(frame);
    }
  }

  /**
   * A frame from the helper side: {@code opened} goes on to the agent side, and so does a {@code
   * close}, which also closes the channel's lanes.
   *
   * @param frame the frame
   */
  public void fromHelper(TunnelFrame frame) {
    if (frame.hasClose()) {
      closeLanes(byChannel.remove(frame.getChannel()));
      toAgent.accept(frame);
    } else if (frame.hasOpened()) {
      toAgent.accept(frame);
    }
  }

  /** Stops listening and closes every lane. */
  @Override
  public void close() throws IOException {
    dataPort.close();
    byChannel.values().forEach(TunnelSwitch::closeLanes);
    pending.values().forEach(TunnelSwitch::closeLanes);
  }

  private void acceptLanes() {
    while (!dataPort.isClosed()) {
      Socket lane;
      try {
        lane = dataPort.accept();
      } catch (IOException e) {
        return;
      }
      daemon("lane-handshake", () -> admit(lane));
    }
  }

  /** Reads the preamble and token, then joins the lane to its partner once both are here. */
  private void admit(Socket lane) {
    try {
      InputStream in = lane.getInputStream();
      byte[] preamble = in.readNBytes(Tunnel.LANE_PREAMBLE.length);
      ByteString token = ByteString.copyFrom(in.readNBytes(Tunnel.TOKEN_BYTES));
      Pair pair = pending.remove(token);
      if (!Arrays.equals(preamble, Tunnel.LANE_PREAMBLE) || pair == null) {
        lane.close();
        return;
      }
      pair.arrived(token, lane);
    } catch (IOException e) {
      closeQuietly(lane);
    }
  }

  private TunnelFrame.Lane lane(ByteString token) {
    return TunnelFrame.Lane.newBuilder().setToken(token).setPort(dataPort.getLocalPort()).build();
  }

  private ByteString token() {
    byte[] token = new byte[Tunnel.TOKEN_BYTES];
    random.nextBytes(token);
    return ByteString.copyFrom(token);
  }

  private static void closeLanes(Pair pair) {
    if (pair != null) {
      pair.close();
    }
  }

  private static FrameSink sink(Consumer<TunnelFrame> receiver) {
    return new FrameSink() {
      @Override
      public void send(RelayFrame frame) {
        receiver.accept(frame.getTunnel());
      }

      @Override
      public boolean awaitReady() {
        return true;
      }
    };
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all that was left to do.
    }
  }

  /** The two lanes of one channel. */
  private static final class Pair {
    final ByteString agentToken;
    final ByteString helperToken;
    // Guarded by this.
    private Socket agent;
    private Socket helper;
    private int directionsDone;
    private boolean closed;

    Pair(ByteString agentToken, ByteString helperToken) {
      this.agentToken = agentToken;
      this.helperToken = helperToken;
    }

    void arrived(ByteString token, Socket lane) {
      Socket fromAgent;
      Socket fromHelper;
      synchronized (this) {
        if (closed) {
          closeQuietly(lane);
          return;
        }
        if (token.equals(agentToken)) {
          agent = lane;
        } else {
          helper = lane;
        }
        if (agent == null || helper == null) {
          return;
        }
        fromAgent = agent;
        fromHelper = helper;
      }
      daemon("lane-to-helper", () -> copy(fromAgent, fromHelper));
      daemon("lane-to-agent", () -> copy(fromHelper, fromAgent));
    }

    /** Copies one direction; an end of stream becomes a half-close, a failure closes both. */
    private void copy(Socket from, Socket to) {
      byte[] buffer = new byte[64 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int read;
        while ((read = in.read(buffer)) >= 0) {
          out.write(buffer, 0, read);
        }
        to.shutdownOutput();
      } catch (IOException e) {
        close();
        return;
      }
      synchronized (this) {
        if (++directionsDone < 2) {
          return;
        }
      }
      close();
    }

    synchronized void close() {
      closed = true;
      closeQuietly(agent);
      closeQuietly(helper);
    }
  }
}
