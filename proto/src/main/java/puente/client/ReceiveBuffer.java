package puente.client;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;

/**
 * A channel's inbound bytes between the stream and the local socket. Bounded by the window: the
 * peer may not have more than {@code capacity} bytes unacknowledged, and bytes are acknowledged
 * only after the writer thread wrote them.
 */
final class ReceiveBuffer {
  private final int capacity;
  private final ArrayDeque<ByteString> chunks = new ArrayDeque<>();
  private int unacknowledged;
  private boolean finished;
  private boolean discarded;

  ReceiveBuffer(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Queues a chunk; never blocks.
   *
   * @return false if it exceeds the peer's window (nothing is queued then)
   */
  synchronized boolean offer(ByteString chunk) {
    if ((long) unacknowledged + chunk.size() > capacity) {
      return false;
    }
    if (!discarded) {
      chunks.add(chunk);
      unacknowledged += chunk.size();
      notifyAll();
    }
    return true;
  }

  /**
   * Takes the next chunk, waiting for one.
   *
   * @return the chunk, or null once the peer finished and everything was taken, or after {@link
   *     #discard()}
   */
  synchronized ByteString take() throws InterruptedException {
    while (chunks.isEmpty() && !finished && !discarded) {
      wait();
    }
    return chunks.poll();
  }

  /** Whether no chunk is waiting to be taken right now. */
  synchronized boolean isEmpty() {
    return chunks.isEmpty();
  }

  /** Records that the writer wrote these bytes; the peer will be told. */
  synchronized void acknowledge(int bytes) {
    unacknowledged -= bytes;
  }

  /** The peer sends no more; {@link #take()} returns null once drained. */
  synchronized void finish() {
    finished = true;
    notifyAll();
  }

  /** Drops everything queued and wakes the writer. */
  synchronized void discard() {
    discarded = true;
    chunks.clear();
    notifyAll();
  }
}
