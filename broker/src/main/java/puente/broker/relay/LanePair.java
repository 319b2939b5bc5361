package puente.broker.relay;

import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One tunnel channel's two lanes on the data port: the agent's connection and the helper's, each
 * admitted by its own single-use token. Once both have arrived the data plane joins them; closing
 * the pair (control moved, the session ended, either end said close) closes both connections.
 */
public final class LanePair {
  private final DataPlane plane;
  private final Consumer<LanePair> onClosed;
  final Half agent;
  final Half helper;

  // Read by the lanes' event loops: while set, neither lane reads.
  private volatile boolean paused;
  // Guarded by this.
  private boolean closed;
  private Future<?> expiry;

  LanePair(
      DataPlane plane,
      byte[] agentToken,
      byte[] helperToken,
      LongConsumer toCustomer,
      LongConsumer toAgent,
      Consumer<LanePair> onClosed) {
    this.plane = plane;
    this.onClosed = onClosed;
    this.agent = new Half(this, agentToken, toCustomer);
    this.helper = new Half(this, helperToken, toAgent);
  }

  /** The token the agent presents. Secret: never logged. */
  public ByteString agentToken() {
    return ByteString.copyFrom(agent.token);
  }

  /** The token the helper presents. Secret: never logged. */
  public ByteString helperToken() {
    return ByteString.copyFrom(helper.token);
  }

  /** The data port the lanes connect to. */
  public int port() {
    return plane.port();
  }

  /**
   * Stops both lanes reading (the customer paused the session), or lets them read again. Bytes on
   * the way wait in the sockets' buffers and flow on resume, in order.
   */
  public void setPaused(boolean paused) {
    this.paused = paused;
    Channel[] channels;
    synchronized (this) {
      channels = new Channel[] {agent.channel, helper.channel};
    }
    for (Channel channel : channels) {
      if (channel != null) {
        Splice.pauseReading(channel, paused);
      }
    }
  }

  boolean isPaused() {
    return paused;
  }

  /** Closes both lanes at once (those that arrived) and forgets the tokens. Idempotent. */
  public void close() {
    Channel[] channels = markClosed();
    if (channels == null) {
      return;
    }
    for (Channel channel : channels) {
      if (channel != null) {
        channel.close();
      }
    }
  }

  /** One lane is gone: the other gets what is queued for it, then closes. */
  private void laneClosed() {
    Channel[] channels = markClosed();
    if (channels == null) {
      return;
    }
    for (Channel channel : channels) {
      if (channel != null && channel.isActive()) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  /** The timeout that closes the pair if both ends have not arrived; cancelled once they have. */
  synchronized void expireAt(Future<?> timeout) {
    expiry = timeout;
    if (closed || (agent.channel != null && helper.channel != null)) {
      timeout.cancel(false);
    }
  }

  /** Marks the pair closed; returns its connections (no lane arrives after this), or null. */
  private Channel[] markClosed() {
    Channel[] channels;
    synchronized (this) {
      if (closed) {
        return null;
      }
      closed = true;
      if (expiry != null) {
        expiry.cancel(false);
      }
      channels = new Channel[] {agent.channel, helper.channel};
    }
    plane.forget(this);
    onClosed.accept(this);
    return channels;
  }

  /**
   * A lane arrived with its token. Joins the pair once both are here.
   *
   * @return false if the pair was already closed (the caller closes the connection)
   */
  boolean arrived(Half half, Channel channel) {
    Half other = half == agent ? helper : agent;
    Channel otherChannel;
    synchronized (this) {
      if (closed) {
        return false;
      }
      half.channel = channel;
      otherChannel = other.channel;
      if (otherChannel != null && expiry != null) {
        expiry.cancel(false);
      }
    }
    channel.closeFuture().addListener(done -> laneClosed());
    if (otherChannel != null) {
      Splice.join(channel, otherChannel);
    }
    return true;
  }

  /** One end of the pair. */
  static final class Half {
    final LanePair pair;
    final byte[] token;
    final LongConsumer counter;
    // Guarded by pair.
    Channel channel;

    Half(LanePair pair, byte[] token, LongConsumer counter) {
      this.pair = pair;
      this.token = token;
      this.counter = counter;
    }
  }
}
