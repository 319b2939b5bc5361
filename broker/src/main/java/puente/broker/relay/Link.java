package puente.broker.relay;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * One participant's end of the relay: the outbound half of their gRPC stream and the request side
 * of its inbound half. All calls on the underlying observer go through this object, which
 * serialises them (gRPC observers are not thread-safe).
 *
 * <p>Backpressure: a frame read from peer A and written to peer B is followed by {@code
 * B.whenReady(() -> A.requestNext())}; A's next frame is read only once B's transport can take
 * more, so no queue between them grows (like a proxy that reads only after its write completed).
 *
 * @param <T> the outbound message type
 */
public final class Link<T> {
  /**
   * Bytes a stream may have queued for its transport and still be ready. gRPC's default (32 KiB) is
   * below one tunnel chunk, which made every hop stop and wait for each frame to reach the socket;
   * this lets a few frames be in flight per hop while keeping each stream bounded.
   */
  public static final int READY_THRESHOLD = 512 * 1024;

  private final ServerCallStreamObserver<T> out;
  private final List<Runnable> readyWaiters = new ArrayList<>();
  private boolean closed;

  /**
   * Wraps a server stream. Must be called inside the service method, before it returns, since gRPC
   * takes the ready handler only then. Switches the inbound side to manual flow control and asks
   * for the first message.
   */
  public Link(ServerCallStreamObserver<T> out) {
    this.out = out;
    out.disableAutoRequest();
    out.setOnReadyThreshold(READY_THRESHOLD);
    out.setOnReadyHandler(this::runReadyWaiters);
  }

  /** Asks gRPC for the next inbound message. */
  public synchronized void requestNext() {
    if (!closed) {
      out.request(1);
    }
  }

  /**
   * Sends a message unless the link is closed.
   *
   * @return whether it was handed to the transport
   */
  public synchronized boolean send(T message) {
    if (closed || out.isCancelled()) {
      return false;
    }
    out.onNext(message);
    return true;
  }

  /** Whether the transport can take a message without buffering. */
  public synchronized boolean isReady() {
    return !closed && out.isReady();
  }

  /**
   * Runs {@code action} once the transport can take more: now if it already can (or the link is
   * closed, so that nobody waits forever), otherwise from gRPC's ready callback.
   */
  public void whenReady(Runnable action) {
    synchronized (this) {
      if (!closed && !out.isReady()) {
        readyWaiters.add(action);
        return;
      }
    }
    action.run();
  }

  /** Completes the stream normally and releases anyone waiting for readiness. */
  public void complete() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!out.isCancelled()) {
        out.onCompleted();
      }
    }
    runReadyWaiters();
  }

  /** Fails the stream with a status and releases anyone waiting for readiness. */
  public void fail(Throwable status) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!out.isCancelled()) {
        out.onError(status);
      }
    }
    runReadyWaiters();
  }

  /** Marks the link closed after its peer went away; nothing more is sent. */
  public void markGone() {
    synchronized (this) {
      closed = true;
    }
    runReadyWaiters();
  }

  private void runReadyWaiters() {
    List<Runnable> ready;
    synchronized (this) {
      if (readyWaiters.isEmpty()) {
        return;
      }
      if (!closed && !out.isReady()) {
        return;
      }
      ready = new ArrayList<>(readyWaiters);
      readyWaiters.clear();
    }
    ready.forEach(Runnable::run);
  }
}
