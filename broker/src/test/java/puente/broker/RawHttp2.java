package puente.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A plaintext HTTP/2 client that writes frames by hand, so a test can send what no gRPC library
 * would: streams past the peer's limit, resets by the thousand. It answers the server's SETTINGS
 * (so the server's limits take effect) and records every frame it receives.
 */
final class RawHttp2 implements AutoCloseable {
  static final int DATA = 0;
  static final int HEADERS = 1;
  static final int RST_STREAM = 3;
  static final int SETTINGS = 4;
  static final int PING = 6;
  static final int GOAWAY = 7;
  static final int ENHANCE_YOUR_CALM = 0xb;
  static final int REFUSED_STREAM = 0x7;
  private static final int CANCEL = 0x8;
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * One frame as received; a HEADERS frame's block decoded (the broker pads nothing and sends no
   * priorities, so the payload is the block).
   */
  record Frame(int type, int flags, int streamId, byte[] payload, Http2Headers headers) {
    int errorCode() {
      ByteBuffer in = ByteBuffer.wrap(payload);
      return type == GOAWAY ? in.getInt(4) : in.getInt(0);
    }

    boolean isReset() {
      return type == RST_STREAM;
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DefaultHttp2HeadersEncoder hpack = new DefaultHttp2HeadersEncoder();
  private final DefaultHttp2HeadersDecoder hpackIn = new DefaultHttp2HeadersDecoder(false);
  private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
  private final List<Frame> all = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> settled = new CompletableFuture<>();

  private RawHttp2(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
  }

  /** Connects, sends the preface and empty SETTINGS, and waits until the server's are acked. */
  static RawHttp2 connect(int port) throws Exception {
    RawHttp2 client = new RawHttp2(new Socket("127.0.0.1", port));
    client.write(PREFACE);
    client.frame(SETTINGS, 0, 0, new byte[0]);
    Thread reader = new Thread(client::readFrames, "raw-http2-reader");
    reader.setDaemon(true);
    reader.start();
    client.settled.get(10, TimeUnit.SECONDS);
    return client;
  }

  /** Opens stream {@code streamId} with a gRPC call's headers for {@code path}. */
  void headers(int streamId, String path, boolean endStream) throws IOException {
    headers(streamId, path, endStream, new DefaultHttp2Headers());
  }

  /** Opens stream {@code streamId} for {@code path} with {@code extra} headers as well. */
  void headers(int streamId, String path, boolean endStream, Http2Headers extra)
      throws IOException {
    Http2Headers headers =
        new DefaultHttp2Headers()
            .method("POST")
            .scheme("http")
            .path(path)
            .authority("127.0.0.1")
            .add("content-type", "application/grpc")
            .add("te", "trailers")
            .add(extra);
    ByteBuf block = Unpooled.buffer();
    try {
      synchronized (hpack) {
        hpack.encodeHeaders(streamId, headers, block);
      }
      byte[] bytes = new byte[block.readableBytes()];
      block.readBytes(bytes);
      frame(HEADERS, 0x4 | (endStream ? 0x1 : 0), streamId, bytes); // END_HEADERS
    } catch (Http2Exception e) {
      throw new IOException(e);
    } finally {
      block.release();
    }
  }

  /** Sends one gRPC message (length-prefixed, uncompressed) and ends the client's side. */
  void lastMessage(int streamId, byte[] message) throws IOException {
    ByteBuffer framed = ByteBuffer.allocate(5 + message.length);
    framed.put((byte) 0).putInt(message.length).put(message);
    frame(DATA, 0x1, streamId, framed.array()); // END_STREAM
  }

  /** Resets stream {@code streamId} (CANCEL), as a client cancelling a call does. */
  void reset(int streamId) throws IOException {
    frame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(CANCEL).array());
  }

  /**
   * Sends a PING and waits for its answer: the server has then read everything sent before it.
   *
   * @return whether the answer came within 10 s (it does not once the server has closed)
   */
  boolean sync() throws IOException, InterruptedException {
    byte[] opaque = ByteBuffer.allocate(8).putLong(System.nanoTime()).array();
    try {
      frame(PING, 0, 0, opaque);
    } catch (IOException closedByServer) {
      return false; // the server has already closed: nothing will answer
    }
    return next(
            f -> f.type() == PING && (f.flags() & 0x1) != 0 && Arrays.equals(f.payload(), opaque),
            10)
        != null;
  }

  /** The next received frame that matches, skipping others; null after {@code seconds}. */
  Frame next(Predicate<Frame> wanted, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      Frame frame = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (frame == null || wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** Every frame received so far, including those {@link #next} skipped. */
  List<Frame> receivedSoFar() {
    return List.copyOf(all);
  }

  /** Completes when the server closes the connection. */
  CompletableFuture<Void> closed() {
    return closed;
  }

  private void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(9);
    header.put((byte) (payload.length >>> 16)).putShort((short) payload.length);
    header.put((byte) type).put((byte) flags).putInt(streamId);
    synchronized (out) {
      out.write(header.array());
      out.write(payload);
      out.flush();
    }
  }

  private void write(byte[] bytes) throws IOException {
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  private void readFrames() {
    try {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      while (true) {
        int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int streamId = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (type == SETTINGS && (flags & 0x1) == 0) {
          frame(SETTINGS, 0x1, 0, new byte[0]);
          settled.complete(null);
        }
        Http2Headers headers = null;
        if (type == HEADERS) {
          ByteBuf block = Unpooled.wrappedBuffer(payload);
          headers = hpackIn.decodeHeaders(streamId, block);
          block.release();
        }
        Frame frame = new Frame(type, flags, streamId, payload, headers);
        all.add(frame);
        received.add(frame);
      }
    } catch (EOFException e) {
      closed.complete(null);
    } catch (IOException | Http2Exception e) {
      // A reset after GOAWAY is a close as well.
      closed.complete(null);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
