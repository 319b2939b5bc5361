package puente.broker;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** The broker's own threads, each pool for one kind of work, and how they stop. */
final class BrokerThreads {
  /** The sessions' timeouts: cancelled ones leave the queue at once instead of when due. */
  final ScheduledExecutorService timers;

  /**
   * The relay streams' control messages (hello, consent, join, end): they write to the database.
   */
  final ExecutorService streamControl =
      Executors.newFixedThreadPool(
          Math.max(4, Runtime.getRuntime().availableProcessors()), named("puente-stream-control"));

  /** Ticket sweeps get their own thread so that slow SQL never delays session timeouts. */
  final ScheduledExecutorService ticketClock =
      Executors.newSingleThreadScheduledExecutor(named("puente-ticket-clock"));

  BrokerThreads() {
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, named("puente-timers"));
    pool.setRemoveOnCancelPolicy(true);
    // On stop, work already handed over (a refusal's ticket line) still runs; timeouts do not.
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timers = pool;
  }

  /** Lets the work already handed over finish (bounded), then stops every pool. */
  void stop() throws InterruptedException {
    drain(streamControl);
    drain(timers);
    ticketClock.shutdownNow();
  }

  private static void drain(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
