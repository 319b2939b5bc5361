package puente.broker.grpc;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stream's control work (hello, consent, join, end, vanished peers) in order on a shared
 * pool, off the transport thread that relays its frames: that work writes to the database, which
 * must never stall a Netty event loop.
 *
 * <p>The queue stays short by construction: a stream's next message is requested only after the
 * current one is handled, so a lane holds at most that message plus the stream's end.
 */
final class StreamLane implements Executor {
  private static final Logger log = LoggerFactory.getLogger(StreamLane.class);

  private final Executor pool;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean draining;

  StreamLane(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      tasks.add(task);
      if (draining) {
        return;
      }
      draining = true;
    }
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException stopping) {
      // The broker is stopping and its transports are closed: nothing left to stall.
      drain();
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (this) {
        next = tasks.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        log.error("stream control task failed", e);
      }
    }
  }
}
