package puente.broker.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import puente.broker.time.Timeouts;
import puente.client.Tunnel;

/**
 * The broker's data port: the bytes of every tunnelled connection. The gRPC service decides who may
 * open a channel and {@link #issue issues} a pair of single-use tokens for it; each end connects
 * here and presents its token ({@link LaneHandshake}); the two connections are then joined ({@link
 * Splice}) and relayed without framing or copying, with TCP's flow control end to end.
 *
 * <p>A token is valid once and only until {@code laneTimeout}; a pair whose two ends have not both
 * arrived by then is closed. Tokens are random, 256 bits, and never logged.
 */
public final class DataPlane implements AutoCloseable {
  private static final int READ_BUFFER_MAX = 128 * 1024;

  /**
   * Connections that may be waiting to present a token at once; more are closed at once ({@code
   * busy}). Lanes present their token within milliseconds, so only a flood of strangers reaches it.
   */
  static final int MAX_WAITING = 512;

  private static final WriteBufferWaterMark WRITE_BUFFER =
      new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final Duration laneTimeout;
  private Timeouts expiries;
  private final Consumer<String> rejections;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, LanePair.Half> pending = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private Channel server;

  private DataPlane(Duration laneTimeout, int threads, Consumer<String> rejections) {
    this.laneTimeout = laneTimeout;
    this.rejections = rejections;
    IoHandlerFactory io = NioIoHandler.newFactory();
    this.acceptor =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("puente-data-accept", true), io);
    this.workers =
        new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("puente-data", true), io);
  }

  /**
   * Starts listening.
   *
   * @param address where to listen
   * @param tls the server's TLS context, or null for plaintext
   * @param laneTimeout how long a pair waits for both ends
   * @param threads event loop threads relaying bytes
   * @param rejections hears why a connection was turned away ({@code preamble}, {@code token},
   *     {@code busy}, {@code address_limit})
   * @return the running data plane
   * @throws InterruptedException if interrupted while binding
   */
  public static DataPlane start(
      InetSocketAddress address,
      SslContext tls,
      Duration laneTimeout,
      int threads,
      Consumer<String> rejections)
      throws InterruptedException {
    return start(address, tls, laneTimeout, threads, rejections, null);
  }

  /**
   * Binds the data port, with the lanes' expiry on {@code expiries} (tests advance it).
   *
   * @param expiries runs the lane timeouts; null for the data port's own event loops
   * @see #start(InetSocketAddress, SslContext, Duration, int, Consumer)
   */
  public static DataPlane start(
      InetSocketAddress address,
      SslContext tls,
      Duration laneTimeout,
      int threads,
      Consumer<String> rejections,
      Timeouts expiries)
      throws InterruptedException {
    return start(address, tls, laneTimeout, threads, rejections, expiries, Integer.MAX_VALUE);
  }

  /**
   * Binds the data port with a cap on the connections one source address holds open; more are
   * closed at once ({@code address_limit}).
   *
   * @param connectionsPerAddress connections one source address may hold open at once
   * @see #start(InetSocketAddress, SslContext, Duration, int, Consumer, Timeouts)
   */
  public static DataPlane start(
      InetSocketAddress address,
      SslContext tls,
      Duration laneTimeout,
      int threads,
      Consumer<String> rejections,
      Timeouts expiries,
      int connectionsPerAddress)
      throws InterruptedException {
    DataPlane plane = new DataPlane(laneTimeout, threads, rejections);
    plane.expiries = expiries == null ? Timeouts.on(plane.workers) : expiries;
    try {
      plane.bind(
          address,
          tls,
          new ConnectionCap(connectionsPerAddress, () -> plane.rejected("address_limit")));
    } catch (RuntimeException | InterruptedException e) {
      plane.close();
      throw e;
    }
    return plane;
  }

  private void bind(InetSocketAddress address, SslContext tls, ConnectionCap cap)
      throws InterruptedException {
    int handshakeSeconds = (int) Math.max(1, laneTimeout.toSeconds());
    server =
        new ServerBootstrap()
            .group(acceptor, workers)
            .channel(NioServerSocketChannel.class)
            .handler(cap)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_BUFFER)
            .childOption(
                ChannelOption.RECVBUF_ALLOCATOR,
                new AdaptiveRecvByteBufAllocator(4096, 64 * 1024, READ_BUFFER_MAX))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    if (waiting.incrementAndGet() > MAX_WAITING) {
                      waiting.decrementAndGet();
                      rejected("busy");
                      channel.close();
                      return;
                    }
                    if (tls != null) {
                      channel.pipeline().addLast(tls.newHandler(channel.alloc()));
                    }
                    channel
                        .pipeline()
                        .addLast(LaneHandshake.TIMEOUT, new ReadTimeoutHandler(handshakeSeconds))
                        .addLast(new LaneHandshake(DataPlane.this));
                  }
                })
            .bind(address)
            .sync()
            .channel();
  }

  /** The port actually listened on. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /**
   * Issues the two lanes of one tunnel channel.
   *
   * @param toCustomer counts bytes the agent's lane sends
   * @param toAgent counts bytes the helper's lane sends
   * @param onClosed runs once when the pair closes, for whatever reason
   * @return the pair; its tokens go to the two ends
   */
  public LanePair issue(
      LongConsumer toCustomer, LongConsumer toAgent, Consumer<LanePair> onClosed) {
    LanePair pair = new LanePair(this, newToken(), newToken(), toCustomer, toAgent, onClosed);
    pending.put(key(pair.agent.token), pair.agent);
    pending.put(key(pair.helper.token), pair.helper);
    pair.expireAt(
        expiries.after(
            laneTimeout,
            () -> {
              if (pending.containsKey(key(pair.agent.token))
                  || pending.containsKey(key(pair.helper.token))) {
                pair.close();
              }
            }));
    return pair;
  }

  /** Takes a token: the half it admits, or null if unknown or used. */
  LanePair.Half claim(byte[] token) {
    return pending.remove(key(token));
  }

  void forget(LanePair pair) {
    pending.remove(key(pair.agent.token), pair.agent);
    pending.remove(key(pair.helper.token), pair.helper);
  }

  /** Connections waiting to present a token now. */
  int waitingConnections() {
    return waiting.get();
  }

  /** A connection stopped waiting: it presented its token, or it is gone. */
  void doneWaiting() {
    waiting.decrementAndGet();
  }

  void rejected(String why) {
    rejections.accept(why);
  }

  /** Stops listening and closes every lane. */
  @Override
  public void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }

  private byte[] newToken() {
    byte[] token = new byte[Tunnel.TOKEN_BYTES];
    random.nextBytes(token);
    return token;
  }

  private static String key(byte[] token) {
    return HexFormat.of().formatHex(token);
  }
}
