package puente.client;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import puente.v1.TunnelFrame;

/**
 * One tunnelled TCP connection: a reader thread (local socket → stream, limited by the send window)
 * and a writer thread (stream → local socket, acknowledging each chunk once written).
 *
 * <p>A {@code close} with an empty error ends one direction: the other side's bytes are all
 * written, then the socket's output is shut down. A {@code close} with an error ends the channel:
 * queued bytes are still written, then the socket is closed and nothing more is sent. Local
 * failures and protocol violations abort at once and tell the peer.
 */
final class TunnelChannel {
  private final int id;
  private final TunnelMux mux;
  private final SendWindow sendWindow = new SendWindow(Tunnel.INITIAL_WINDOW);
  private final ReceiveBuffer receiveBuffer = new ReceiveBuffer(Tunnel.INITIAL_WINDOW);

  private Socket socket;
  private boolean opened;
  private boolean readerDone;
  private boolean writerDone;
  private boolean ended;
  private volatile boolean aborted;
  private volatile boolean peerFinished;
  private volatile boolean peerAborted;
  private volatile String peerError = "";

  TunnelChannel(int id, TunnelMux mux) {
    this.id = id;
    this.mux = mux;
  }

  /** Agent side: asks the helper side to connect, and carries {@code local} once it has. */
  void startOpening(Socket local) {
    synchronized (this) {
      socket = local;
    }
    mux.send(
        TunnelFrame.newBuilder().setChannel(id).setOpen(TunnelFrame.Open.getDefaultInstance()));
    mux.startThread("tunnel-" + id + "-write", this::writeLoop);
  }

  /** Helper side: connects to the customer's service, then carries it. */
  void startConnecting(Endpoint service) {
    mux.startThread("tunnel-" + id + "-connect", () -> connectThenWrite(service));
  }

  void onPeerOpened() {
    synchronized (this) {
      if (opened || ended) {
        return;
      }
      opened = true;
    }
    mux.startThread("tunnel-" + id + "-read", this::readLoop);
    mux.listener().opened(id);
  }

  void onPeerData(ByteString data) {
    if (data.size() > Tunnel.MAX_CHUNK) {
      abort("data frame of " + data.size() + " bytes (expected: <= " + Tunnel.MAX_CHUNK + ")");
    } else if (peerFinished) {
      abort("data after close");
    } else if (!receiveBuffer.offer(data)) {
      abort("window exceeded (expected: <= " + Tunnel.INITIAL_WINDOW + " unacknowledged bytes)");
    }
  }

  void onPeerWindow(int bytes) {
    if (!sendWindow.grant(bytes)) {
      abort("window of " + bytes + " bytes acknowledges more than was sent");
    }
  }

  void onPeerClose(String error) {
    if (peerFinished) {
      return;
    }
    peerFinished = true;
    if (!error.isEmpty()) {
      peerError = error;
      peerAborted = true;
      sendWindow.stop();
      boolean carrying;
      synchronized (this) {
        carrying = opened;
      }
      if (!carrying) {
        end(error, false);
        return;
      }
    }
    receiveBuffer.finish();
  }

  /** Ends the channel at once, without telling the peer (the stream is gone). */
  void shutDown(String reason) {
    end(reason, false);
  }

  private void connectThenWrite(Endpoint service) {
    Socket connection = new Socket();
    try {
      connection.setTcpNoDelay(true);
      connection.connect(service.toSocketAddress(), Tunnel.CONNECT_TIMEOUT_MILLIS);
    } catch (IOException | IllegalArgumentException e) {
      closeQuietly(connection);
      abort("cannot connect to " + service + ": " + e.getMessage());
      return;
    }
    synchronized (this) {
      if (ended) {
        closeQuietly(connection);
        return;
      }
      socket = connection;
      opened = true;
    }
    mux.send(
        TunnelFrame.newBuilder().setChannel(id).setOpened(TunnelFrame.Opened.getDefaultInstance()));
    mux.startThread("tunnel-" + id + "-read", this::readLoop);
    mux.listener().opened(id);
    writeLoop();
  }

  private void readLoop() {
    byte[] buffer = new byte[Tunnel.MAX_CHUNK];
    try {
      InputStream in = socket().getInputStream();
      while (true) {
        int credit = sendWindow.awaitCredit();
        if (credit < 0) {
          break;
        }
        int read = in.read(buffer, 0, Math.min(credit, buffer.length));
        if (read < 0) {
          if (!aborted && !peerAborted) {
            mux.send(closeFrame(""));
          }
          break;
        }
        sendWindow.consume(read);
        if (!mux.awaitReady() || aborted || peerAborted) {
          break;
        }
        mux.send(
            TunnelFrame.newBuilder().setChannel(id).setData(ByteString.copyFrom(buffer, 0, read)));
      }
    } catch (IOException e) {
      if (!aborted && !peerAborted) {
        abort("read: " + e.getMessage());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort("interrupted");
      return;
    }
    directionDone(true);
  }

  private void writeLoop() {
    try {
      OutputStream out = socket().getOutputStream();
      ByteString chunk;
      int unannounced = 0;
      while ((chunk = receiveBuffer.take()) != null) {
        chunk.writeTo(out);
        receiveBuffer.acknowledge(chunk.size());
        unannounced += chunk.size();
        // One window frame per batch, or as soon as nothing more is queued so the peer never
        // waits on bytes already written: each frame crosses three processes.
        if (!peerAborted && (unannounced >= Tunnel.ACK_BATCH || receiveBuffer.isEmpty())) {
          mux.send(TunnelFrame.newBuilder().setChannel(id).setWindow(unannounced));
          unannounced = 0;
        }
      }
      if (aborted) {
        return;
      }
      if (peerAborted) {
        closeQuietly(socket());
      } else {
        socket().shutdownOutput();
      }
    } catch (IOException e) {
      if (!aborted) {
        end("write: " + e.getMessage(), !peerAborted);
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort("interrupted");
      return;
    }
    directionDone(false);
  }

  private void directionDone(boolean reader) {
    Socket done;
    synchronized (this) {
      if (reader) {
        readerDone = true;
      } else {
        writerDone = true;
      }
      if (!readerDone || !writerDone || ended) {
        return;
      }
      ended = true;
      done = socket;
    }
    closeQuietly(done);
    mux.forget(id, this);
    mux.listener().closed(id, peerError);
  }

  /** Ends the channel at once because of a local failure or a protocol violation. */
  private void abort(String reason) {
    end(reason, !peerAborted);
  }

  private void end(String reason, boolean tellPeer) {
    Socket done;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      aborted = true;
      done = socket;
    }
    if (tellPeer) {
      mux.send(closeFrame(reason));
    }
    sendWindow.stop();
    receiveBuffer.discard();
    closeQuietly(done);
    mux.forget(id, this);
    mux.listener().closed(id, reason);
  }

  private synchronized Socket socket() {
    return socket;
  }

  private TunnelFrame.Builder closeFrame(String error) {
    return TunnelFrame.newBuilder()
        .setChannel(id)
        .setClose(TunnelFrame.Close.newBuilder().setError(error));
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
