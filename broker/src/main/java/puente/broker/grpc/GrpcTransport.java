package puente.broker.grpc;

import io.grpc.ServerBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import puente.broker.config.BrokerConfig;
import puente.broker.relay.ConnectionCap;

/**
 * What one peer may hold on the gRPC listener: calls per connection, stream resets per window,
 * keepalive and idle connections, message and metadata sizes, and connections per source address.
 *
 * <p>On a {@link NettyServerBuilder} every limit applies, and the transport owns the listener's
 * event loops (gRPC takes a channel factory, where the per-address cap lives, only together with
 * them); {@link #close} after the server has terminated. Any other builder (in-process) gets the
 * size limits only.
 */
public final class GrpcTransport implements AutoCloseable {
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;

  private GrpcTransport(EventLoopGroup boss, EventLoopGroup workers) {
    this.boss = boss;
    this.workers = workers;
  }

  /**
   * Applies {@code limits} to {@code builder}.
   *
   * @param refused runs for each connection closed for being over the per-address cap
   * @return the transport's resources, to close once the server has terminated
   */
  public static GrpcTransport limit(
      ServerBuilder<?> builder, BrokerConfig.GrpcLimits limits, Runnable refused) {
    // Over the message limit gRPC answers RESOURCE_EXHAUSTED and cancels the call. Over the
    // metadata limit MetadataLimit does the same; the transport's own, higher ceiling still bounds
    // what a stream's headers may hold (HTTP 431 above it, the connection closed further up).
    builder
        .maxInboundMessageSize(limits.maxMessageBytes())
        .maxInboundMetadataSize(MetadataLimit.transportCeiling(limits.maxMetadataBytes()))
        .intercept(new MetadataLimit(limits.maxMetadataBytes()));
    if (!(builder instanceof NettyServerBuilder netty)) {
      return new GrpcTransport(null, null);
    }
    netty
        .maxConcurrentCallsPerConnection(limits.callsPerConnection())
        .maxRstFramesPerWindow(
            limits.rstFramesPerWindow(), Math.toIntExact(limits.rstWindow().toSeconds()))
        .keepAliveTime(limits.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(limits.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(limits.permitKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(limits.permitKeepAliveWithoutCalls())
        // Idle means no call open; a live session's stream is a call, so it never counts as idle.
        .maxConnectionIdle(limits.maxConnectionIdle().toMillis(), TimeUnit.MILLISECONDS);
    IoHandlerFactory io = NioIoHandler.newFactory();
    EventLoopGroup boss =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("puente-grpc-accept", true), io);
    // 0 threads: Netty's default, twice the processors, as gRPC's own shared group.
    EventLoopGroup workers =
        new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("puente-grpc", true), io);
    ConnectionCap cap = new ConnectionCap(limits.connectionsPerAddress(), refused);
    netty
        .bossEventLoopGroup(boss)
        .workerEventLoopGroup(workers)
        .channelFactory(
            () -> {
              // First in the listening pipeline, ahead of the acceptor the bootstrap adds.
              NioServerSocketChannel listening = new NioServerSocketChannel();
              listening.pipeline().addLast(cap);
              return listening;
            });
    return new GrpcTransport(boss, workers);
  }

  /** Releases the event loops; call after the server has terminated. */
  @Override
  public void close() {
    if (boss != null) {
      boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
