package puente.client;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import puente.v1.RelayFrame;

/**
 * One bidirectional stream to the broker ({@code Connect} or {@code Attach}) as the apps use it:
 * sends are serialized (a gRPC {@code StreamObserver} is not thread-safe), senders can wait for the
 * stream to be ready, and inbound messages go to a {@link Listener}.
 *
 * <p>Inbound flow control is gRPC's automatic one: the listener never blocks (tunnel data goes to
 * per-channel buffers bounded by the tunnel window), so nothing piles up behind it.
 *
 * <p>Pass an instance as the response observer of the stub call, e.g. {@code stub.connect(stream)},
 * then {@link #send} messages.
 *
 * @param <O> messages to the broker
 * @param <I> messages from the broker
 */
public final class BrokerStream<O, I> implements ClientResponseObserver<O, I> {
  /**
   * Receives what the broker sends on the stream. Called on gRPC threads, one call at a time; must
   * not block.
   *
   * @param <I> messages from the broker
   */
  public interface Listener<I> {
    /**
     * A message arrived.
     *
     * @param message the message
     */
    void onMessage(I message);

    /**
     * The stream is over.
     *
     * @param failure null if the broker completed the stream, otherwise why it failed
     */
    void onClosed(Throwable failure);
  }

  private final Listener<I> listener;
  private final ReentrantLock readiness = new ReentrantLock();
  private final Condition becameReady = readiness.newCondition();
  private final Object sendLock = new Object();
  private ClientCallStreamObserver<O> requests;
  private volatile boolean closed;

  /**
   * Creates a stream that reports to a listener.
   *
   * @param listener receives messages and the end of the stream
   */
  public BrokerStream(Listener<I> listener) {
    this.listener = requireNonNull(listener, "listener");
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<O> requestStream) {
    this.requests = requestStream;
    requestStream.setOnReadyHandler(this::signalReadiness);
  }

  @Override
  public void onNext(I message) {
    listener.onMessage(message);
  }

  @Override
  public void onError(Throwable failure) {
    markClosed();
    listener.onClosed(failure);
  }

  @Override
  public void onCompleted() {
    markClosed();
    listener.onClosed(null);
  }

  /**
   * Sends a message. Safe from any thread; dropped if the stream is closed.
   *
   * @param message the message
   */
  public void send(O message) {
    synchronized (sendLock) {
      if (closed) {
        return;
      }
      try {
        requests.onNext(message);
      } catch (IllegalStateException e) {
        // The call was cancelled or half-closed meanwhile: same as sending after close.
        markClosed();
      }
    }
  }

  /**
   * Blocks until the stream can take another message without buffering past gRPC's small limit.
   *
   * @return true when ready, false if the stream closed
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitReady() throws InterruptedException {
    readiness.lock();
    try {
      while (!closed && !requests.isReady()) {
        becameReady.await();
      }
      return !closed;
    } finally {
      readiness.unlock();
    }
  }

  /** Half-closes the stream: no more messages from this side. */
  public void complete() {
    synchronized (sendLock) {
      if (closed) {
        return;
      }
      markClosed();
      try {
        requests.onCompleted();
      } catch (IllegalStateException e) {
        // Already cancelled: nothing left to complete.
      }
    }
  }

  /**
   * Cancels the stream, e.g. when the app exits.
   *
   * @param reason why, for the broker's logs
   */
  public void cancel(String reason) {
    markClosed();
    requests.cancel(reason, null);
  }

  /**
   * Tells whether the stream is over (closed by either side).
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Adapts this stream for a {@link TunnelMux}.
   *
   * @param wrap wraps a relay frame in this stream's message type
   * @return a frame sink sending on this stream
   */
  public FrameSink frameSink(Function<RelayFrame, O> wrap) {
    requireNonNull(wrap, "wrap");
    return new FrameSink() {
      @Override
      public void send(RelayFrame frame) {
        BrokerStream.this.send(wrap.apply(frame));
      }

      @Override
      public boolean awaitReady() throws InterruptedException {
        return BrokerStream.this.awaitReady();
      }
    };
  }

  private void markClosed() {
    closed = true;
    signalReadiness();
  }

  private void signalReadiness() {
    readiness.lock();
    try {
      becameReady.signalAll();
    } finally {
      readiness.unlock();
    }
  }
}
