package puente.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import puente.v1.TunnelFrame;

/**
 * One tunnelled TCP connection: the local socket (the agent's accepted connection, or the helper's
 * connection to the customer's service) joined to a lane on the broker's data port, with one thread
 * per direction copying bytes unchanged.
 *
 * <p>An end of stream in one direction is passed on by shutting down the other socket's output; the
 * channel ends once both directions have. A failure on either socket closes both, which the broker
 * passes on to the other end by closing its lane. Before the lane is up, failures travel as {@code
 * close} frames on the session's stream.
 */
final class TunnelChannel {
  private final int id;
  private final TunnelMux mux;

  // Guarded by this.
  private Socket local;
  private Socket lane;
  // Agent side: the lane issued by the broker, dialled once the helper reached the service.
  private TunnelFrame.Lane issued;
  private int directionsDone;
  private boolean ended;

  TunnelChannel(int id, TunnelMux mux) {
    this.id = id;
    this.mux = mux;
  }

  /** Agent side: asks the broker for a lane to the customer's service, carrying {@code local}. */
  void startOpening(Socket connection) {
    synchronized (this) {
      local = connection;
    }
    mux.send(
        TunnelFrame.newBuilder().setChannel(id).setOpen(TunnelFrame.Open.getDefaultInstance()));
  }

  /**
   * Agent side: the broker issued this end's lane. It is dialled only once the helper has reached
   * the customer's service, so a service that cannot be reached ends the channel with the helper's
   * reason alone, never first with a lane the broker closed.
   */
  synchronized void onLane(TunnelFrame.Lane lane) {
    issued = lane;
  }

  /** Helper side: connects to the customer's service, then to the lane. */
  void startConnecting(Endpoint service, TunnelFrame.Lane issued) {
    mux.startThread("tunnel-" + id + "-connect", () -> connectThenJoin(service, issued));
  }

  /** Agent side: the helper reached the customer's service and joined its lane. */
  void onPeerOpened() {
    TunnelFrame.Lane lane;
    synchronized (this) {
      lane = issued;
    }
    if (lane == null) {
      fail("opened before the broker issued a lane");
      return;
    }
    mux.startThread(
        "tunnel-" + id + "-dial",
        () -> {
          if (joinLane(lane)) {
            mux.listener().opened(id);
          }
        });
  }

  /** The peer or the broker ended the channel. */
  void onPeerClose(String error) {
    end(error);
  }

  /** Ends the channel at once (the session or the mux is closing). */
  void shutDown(String reason) {
    end(reason);
  }

  private void connectThenJoin(Endpoint service, TunnelFrame.Lane issued) {
    Socket connection = new Socket();
    try {
      connection.setTcpNoDelay(true);
      connection.connect(service.toSocketAddress(), Tunnel.CONNECT_TIMEOUT_MILLIS);
    } catch (IOException | IllegalArgumentException e) {
      closeQuietly(connection);
      fail("cannot connect to " + service + ": " + e.getMessage());
      return;
    }
    synchronized (this) {
      local = connection;
    }
    if (joinLane(issued)) {
      mux.send(
          TunnelFrame.newBuilder()
              .setChannel(id)
              .setOpened(TunnelFrame.Opened.getDefaultInstance()));
      mux.listener().opened(id);
    }
  }

  private boolean joinLane(TunnelFrame.Lane issued) {
    Socket joined;
    try {
      joined = mux.dialer().dial(issued);
    } catch (IOException e) {
      fail("cannot reach the broker's data port: " + e.getMessage());
      return false;
    }
    Socket carried;
    synchronized (this) {
      if (ended) {
        closeQuietly(joined);
        return false;
      }
      lane = joined;
      carried = local;
    }
    mux.startThread("tunnel-" + id + "-up", () -> pump(carried, joined));
    mux.startThread("tunnel-" + id + "-down", () -> pump(joined, carried));
    return true;
  }

  /** Copies one direction until end of stream, then passes the end on. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[Tunnel.BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
      }
      out.flush();
      // End of stream passed on; over TLS this sends close_notify and keeps reading.
      to.shutdownOutput();
    } catch (IOException e) {
      end(ended() ? "" : e.getMessage());
      return;
    }
    directionDone();
  }

  private void directionDone() {
    synchronized (this) {
      if (++directionsDone < 2 || ended) {
        return;
      }
    }
    end("");
  }

  /** Tells the peer (before the lane is up, the broker forwards it) and ends. */
  private void fail(String reason) {
    if (!ended()) {
      mux.send(
          TunnelFrame.newBuilder()
              .setChannel(id)
              .setClose(TunnelFrame.Close.newBuilder().setError(reason)));
    }
    end(reason);
  }

  private void end(String reason) {
    Socket[] sockets;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      sockets = new Socket[] {local, lane};
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    mux.forget(id, this);
    mux.listener().closed(id, reason == null ? "" : reason);
  }

  private synchronized boolean ended() {
    return ended;
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Already broken; closing is all that was left to do.
    }
  }
}
