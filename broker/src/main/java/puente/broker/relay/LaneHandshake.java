package puente.broker.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;
import puente.client.Tunnel;

/**
 * The first bytes of a connection to the data port: the lane preamble and a token. A connection
 * with the wrong preamble, an unknown or already used token, or that says nothing within the
 * handshake timeout is closed without an answer. One with a valid token becomes its lane. At most
 * {@link DataPlane#MAX_WAITING} connections wait for their handshake at once.
 */
final class LaneHandshake extends ByteToMessageDecoder {
  static final String TIMEOUT = "handshake-timeout";
  private static final int LENGTH = Tunnel.LANE_PREAMBLE.length + Tunnel.TOKEN_BYTES;

  private final DataPlane plane;

  LaneHandshake(DataPlane plane) {
    this.plane = plane;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < LENGTH) {
      return;
    }
    byte[] preamble = ByteBufUtil.getBytes(in, in.readerIndex(), Tunnel.LANE_PREAMBLE.length);
    if (!Arrays.equals(preamble, Tunnel.LANE_PREAMBLE)) {
      plane.rejected("preamble");
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    in.skipBytes(Tunnel.LANE_PREAMBLE.length);
    byte[] token = new byte[Tunnel.TOKEN_BYTES];
    in.readBytes(token);
    LanePair.Half half = plane.claim(token);
    if (half == null) {
      plane.rejected("token");
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    ctx.channel().config().setAutoRead(false);
    ctx.pipeline().remove(TIMEOUT);
    ctx.pipeline().addLast(Splice.NAME, new Splice(half.counter, half.pair));
    if (!half.pair.arrived(half, ctx.channel())) {
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    // Bytes sent right after the token reach the splice, which holds them until the partner joins.
    ctx.pipeline().remove(this);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    super.userEventTriggered(ctx, evt);
    // A peer that stops sending before its token has given up: free its place now, not at the
    // handshake timeout (half-closure is allowed on lanes, so nothing else would close it).
    if (evt instanceof ChannelInputShutdownEvent && !ctx.isRemoved()) {
      ctx.close();
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    plane.doneWaiting();
  }
}
