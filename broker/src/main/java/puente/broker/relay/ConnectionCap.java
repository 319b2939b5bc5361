package puente.broker.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the connections one source address holds open on a listener. It sits in the listening
 * channel's pipeline, ahead of the bootstrap's acceptor, so it sees each accepted connection before
 * anything is set up for it, and closes one over the cap at once, without a byte written.
 *
 * <p>One instance per listener; it is shared by nothing else.
 */
@ChannelHandler.Sharable
public final class ConnectionCap extends ChannelInboundHandlerAdapter {
  private final int perAddress;
  private final Runnable refused;
  private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();

  /**
   * A cap of {@code perAddress} connections per source address.
   *
   * @param perAddress connections one address may hold open at once
   * @param refused runs once for each connection closed for being over the cap
   */
  public ConnectionCap(int perAddress, Runnable refused) {
    if (perAddress < 1) {
      throw new IllegalArgumentException("perAddress: " + perAddress + " (expected: >= 1)");
    }
    this.perAddress = perAddress;
    this.refused = refused;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Channel connection = (Channel) msg;
    InetAddress address = sourceOf(connection.remoteAddress());
    if (address == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!admit(address)) {
      // Not registered yet: closing forcibly is what the acceptor itself does on failure.
      connection.unsafe().closeForcibly();
      refused.run();
      return;
    }
    connection.closeFuture().addListener(closed -> release(address));
    ctx.fireChannelRead(msg);
  }

  private boolean admit(InetAddress address) {
    boolean[] admitted = {false};
    open.compute(
        address,
        (a, count) -> {
          int now = count == null ? 0 : count;
          if (now >= perAddress) {
            return count;
          }
          admitted[0] = true;
          return now + 1;
        });
    return admitted[0];
  }

  private void release(InetAddress address) {
    open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
  }

  private static InetAddress sourceOf(SocketAddress remote) {
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }
}
