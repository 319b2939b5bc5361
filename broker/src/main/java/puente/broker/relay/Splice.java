package puente.broker.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Relays one lane's bytes to its partner unchanged, like a proxy: each buffer read is written to
 * the partner as it is, reading stops while the partner cannot take more (its write buffer is above
 * the high-water mark) and resumes when it drains. So the broker holds at most about one write
 * buffer per direction, and a reader that stops reading stops the writer on the other end through
 * TCP.
 *
 * <p>An end of stream (TCP FIN, or a TLS close_notify) is passed on as an end of stream once
 * everything before it is written; when both directions have ended, both lanes close.
 */
final class Splice extends ChannelInboundHandlerAdapter {
  static final String NAME = "splice";

  private final LongConsumer counter;
  private final LanePair pair;
  // Bytes that came with the token, before the partner arrived.
  private final List<ByteBuf> held = new ArrayList<>();
  private Channel partner;
  private boolean inputEnded;
  private boolean outputEnded;

  Splice(LongConsumer counter, LanePair pair) {
    this.counter = counter;
    this.pair = pair;
  }

  /**
   * Joins two lanes that have both presented their tokens. Each lane starts reading on its own
   * event loop once it knows its partner.
   */
  static void join(Channel a, Channel b) {
    a.eventLoop().execute(() -> start(a, b));
    b.eventLoop().execute(() -> start(b, a));
  }

  private static void start(Channel self, Channel partner) {
    Splice splice = (Splice) self.pipeline().get(NAME);
    if (splice == null || !self.isActive()) {
      return;
    }
    splice.partner = partner;
    for (ByteBuf bytes : splice.held) {
      partner.write(bytes, partner.voidPromise());
    }
    splice.held.clear();
    partner.flush();
    if (!splice.pair.isPaused()) {
      self.config().setAutoRead(true);
      self.read();
    }
  }

  /**
   * Stops reading this lane while the customer has paused the session, or reads again on resume.
   * Nothing is lost: what the peer sends meanwhile waits in the socket buffers, and TCP's flow
   * control holds the sender.
   */
  static void pauseReading(Channel self, boolean paused) {
    self.eventLoop()
        .execute(
            () -> {
              Splice splice = (Splice) self.pipeline().get(NAME);
              if (splice == null || !self.isActive() || splice.partner == null) {
                return;
              }
              if (paused) {
                self.config().setAutoRead(false);
              } else if (splice.partner.isWritable()) {
                resume(self);
              }
            });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf bytes = (ByteBuf) msg;
    counter.accept(bytes.readableBytes());
    if (partner == null) {
      held.add(bytes);
      return;
    }
    partner.write(bytes, partner.voidPromise());
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    held.forEach(ByteBuf::release);
    held.clear();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (partner == null) {
      return;
    }
    partner.flush();
    if (!partner.isWritable()) {
      ctx.channel().config().setAutoRead(false);
      // Read again once the partner drains: its writability change reaches its own Splice.
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel self = ctx.channel();
    Channel from = partner;
    if (from != null && self.isWritable() && !pair.isPaused()) {
      from.eventLoop().execute(() -> resume(from));
    }
    ctx.fireChannelWritabilityChanged();
  }

  private static void resume(Channel channel) {
    Splice splice = (Splice) channel.pipeline().get(NAME);
    if (splice != null && splice.pair.isPaused()) {
      return;
    }
    if (channel.isActive() && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
      channel.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent || event instanceof SslCloseCompletionEvent) {
      inputEnded(ctx.channel());
    }
    ctx.fireUserEventTriggered(event);
  }

  /** This lane sent its last byte: the partner's output ends after what is queued for it. */
  private void inputEnded(Channel self) {
    if (inputEnded || partner == null) {
      return;
    }
    inputEnded = true;
    Channel to = partner;
    to.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            written -> {
              SslHandler tls = to.pipeline().get(SslHandler.class);
              if (tls != null) {
                tls.closeOutbound();
              } else if (to instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
              }
              Splice other = (Splice) to.pipeline().get(NAME);
              if (other != null) {
                other.outputEnded = true;
                if (other.inputEnded) {
                  to.close();
                  self.close();
                }
              }
            });
    if (outputEnded) {
      self.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a TLS failure: the lane is over, and closing it ends its partner (LanePair).
    ctx.close();
  }
}
