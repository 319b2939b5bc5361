package puente.broker.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * Writes from many threads committed together. One writer thread takes every write that is waiting,
 * runs each under its own savepoint in one transaction and commits them all at once: a commit
 * written out to disk costs the same for one write as for fifty.
 *
 * <ul>
 *   <li>A caller returns only after its own write is committed (or has failed).
 *   <li>A write that throws is rolled back to its savepoint and its caller gets the exception; the
 *       other writes of the batch are committed as if it had not been there.
 *   <li>Writes are run in the order they were handed in, so the writes of one session, made one
 *       after the other, keep their order.
 * </ul>
 *
 * <p>A database that hangs does not hang its callers: each waits at most a deadline, then gets
 * UNAVAILABLE, while its write stays queued and lands once the database answers again (a ticket's
 * history is never dropped because its caller stopped waiting). Only a write whose caller needs its
 * result to go on, such as opening a ticket, is dropped if the writer had not started it by then.
 *
 * <p>A write must not commit, roll back or begin a transaction itself, and must not hand in another
 * write (the writer would wait for itself).
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /**
   * At most this many writes share a transaction. PostgreSQL keeps 64 subtransactions (our
   * savepoints) per transaction in shared memory; past that, other sessions' reads slow down.
   */
  static final int MAX_BATCH = 64;

  /** Writes waiting for the writer; a caller blocks while it is full. */
  private static final int QUEUE_CAPACITY = 4096;

  private static final String SAVEPOINT = "puente_write";

  /** Handed in by {@link #close}: the writer finishes what came before it, then stops. */
  private static final Write<Void> STOP = new Write<>(h -> null);

  private final Jdbi jdbi;
  private final Duration deadline;
  private final BlockingQueue<Write<?>> waiting = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread writer;
  private boolean closed;

  /**
   * Starts the writer thread.
   *
   * @param jdbi the database the writes go to
   * @param name the writer thread's name
   * @param deadline how long a caller waits for its write before it is answered UNAVAILABLE
   */
  GroupCommit(Jdbi jdbi, String name, Duration deadline) {
    this.jdbi = requireNonNull(jdbi, "jdbi");
    this.deadline = requireNonNull(deadline, "deadline");
    this.writer = new Thread(this::writeUntilStopped, requireNonNull(name, "name"));
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Runs a write and waits until it is committed.
   *
   * @param work the statements; runs on the writer thread, inside a transaction shared with others
   * @return what the work returned
   * @throws RuntimeException what the work threw, or why the transaction could not be committed
   * @throws RefusalException UNAVAILABLE when not committed within the deadline (it still will be)
   * @throws IllegalStateException after {@link #close}
   */
  <T> T call(HandleCallback<T, RuntimeException> work) {
    return hand(work, false);
  }

  /**
   * Like {@link #call}, for a write that is only worth making while its caller waits: past the
   * deadline it is dropped unless the writer has already started it.
   */
  <T> T callWhileWaited(HandleCallback<T, RuntimeException> work) {
    return hand(work, true);
  }

  private <T> T hand(HandleCallback<T, RuntimeException> work, boolean droppable) {
    Write<T> write = new Write<>(requireNonNull(work, "work"));
    long until = System.nanoTime() + deadline.toNanos();
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("database closed");
      }
      if (!offerUntil(write, until)) {
        throw unavailable();
      }
    }
    return write.awaitCommitted(until, droppable);
  }

  private static RefusalException unavailable() {
    return RefusalException.of(RefusalReason.UNAVAILABLE, "unavailable");
  }

  /** Like {@link #call} for work that returns nothing. */
  void run(HandleConsumer<RuntimeException> work) {
    requireNonNull(work, "work");
    call(
        h -> {
          work.useHandle(h);
          return null;
        });
  }

  /** How many writes are waiting for the writer (not counting a batch being written). */
  int waiting() {
    return waiting.size();
  }

  /** Commits the writes already handed in, then stops the writer (bounded wait). */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      putUninterruptibly(STOP);
    }
    try {
      writer.join(10_000);
      if (writer.isAlive()) {
        log.warn("{} did not finish its writes within 10 s", writer.getName());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeUntilStopped() {
    List<Write<?>> batch = new ArrayList<>(MAX_BATCH);
    boolean stopping = false;
    while (!stopping) {
      batch.add(takeUninterruptibly());
      waiting.drainTo(batch, MAX_BATCH - 1);
      stopping = batch.remove(STOP);
      batch.removeIf(write -> !write.start());
      if (!batch.isEmpty()) {
        commit(batch);
      }
      batch.clear();
    }
  }

  private void commit(List<Write<?>> batch) {
    try (Handle h = jdbi.open()) {
      h.begin();
      for (Write<?> write : batch) {
        write.runUnderSavepoint(h);
      }
      h.commit();
    } catch (RuntimeException | Error e) {
      // The transaction itself failed (connection lost, commit refused): nothing in it is saved.
      log.warn("a batch of {} ticket write(s) could not be committed", batch.size(), e);
      for (Write<?> write : batch) {
        write.fail(e);
      }
      return;
    }
    for (Write<?> write : batch) {
      write.committed();
    }
  }

  private boolean offerUntil(Write<?> write, long until) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return waiting.offer(write, until - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void putUninterruptibly(Write<?> write) {
    boolean interrupted = false;
    while (true) {
      try {
        waiting.put(write);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Write<?> takeUninterruptibly() {
    while (true) {
      try {
        return waiting.take();
      } catch (InterruptedException e) {
        // Only close() stops the writer, through STOP, so that no handed-in write is dropped.
      }
    }
  }

  /** One caller's work and, once the writer has run it, its outcome. */
  private static final class Write<T> {
    private static final int QUEUED = 0;
    private static final int STARTED = 1;
    private static final int DROPPED = 2;

    private final HandleCallback<T, RuntimeException> work;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private T result;

    /** The writer takes it on; false if its caller had dropped it. */
    boolean start() {
      return state.compareAndSet(QUEUED, STARTED);
    }

    Write(HandleCallback<T, RuntimeException> work) {
      this.work = work;
    }

    void runUnderSavepoint(Handle h) {
      h.savepoint(SAVEPOINT);
      try {
        result = work.withHandle(h);
      } catch (RuntimeException e) {
        h.rollbackToSavepoint(SAVEPOINT);
        outcome.completeExceptionally(e);
        return;
      }
      h.releaseSavepoint(SAVEPOINT);
    }

    /** The transaction is committed: a write that did not fail has its result now. */
    void committed() {
      outcome.complete(result);
    }

    /** The transaction failed: a write not already failed on its own fails with it. */
    void fail(Throwable cause) {
      outcome.completeExceptionally(cause);
    }

    /**
     * Waits until committed or the deadline, without giving up on interrupt.
     *
     * @param droppable whether to drop the write at the deadline if the writer has not started it
     */
    T awaitCommitted(long until, boolean droppable) {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return outcome.get(until - System.nanoTime(), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (TimeoutException e) {
            if (droppable) {
              state.compareAndSet(QUEUED, DROPPED);
            }
            throw unavailable();
          } catch (ExecutionException e) {
            throw rethrown(e.getCause());
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private static RuntimeException rethrown(Throwable cause) {
      if (cause instanceof RuntimeException runtime) {
        return runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      return new CompletionException(cause);
    }
  }
}
