package puente.broker.time;

import com.github.benmanes.caffeine.cache.Scheduler;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs actions after a delay: the sessions' timeouts (consent, attach, queue, control prompts, code
 * expiry, viewer lag). Injected everywhere a timeout is needed, so that tests advance time instead
 * of sleeping; the broker's own runs on one scheduler thread ({@link #on}).
 */
public interface Timeouts {
  /**
   * Runs {@code action} once {@code delay} has passed.
   *
   * @return cancels the action if it has not run yet
   */
  Future<?> after(Duration delay, Runnable action);

  /** Runs {@code action} soon, on the same thread as the timeouts (e.g. a ticket write). */
  void execute(Runnable action);

  /**
   * Runs {@code action} every {@code period}, the first time after one period, until cancelled. A
   * run that throws does not stop the next.
   *
   * @return cancels the runs not yet started
   */
  default Future<?> every(Duration period, Runnable action) {
    return every(period, period, action);
  }

  /**
   * Runs {@code action} after {@code first}, then every {@code period}, until cancelled.
   *
   * @return cancels the runs not yet started
   */
  default Future<?> every(Duration first, Duration period, Runnable action) {
    java.util.concurrent.CompletableFuture<Void> cancelled =
        new java.util.concurrent.CompletableFuture<>();
    Runnable[] run = new Runnable[1];
    run[0] =
        () -> {
          if (cancelled.isDone()) {
            return;
          }
          try {
            action.run();
          } finally {
            if (!cancelled.isDone()) {
              after(period, run[0]);
            }
          }
        };
    after(first, run[0]);
    return cancelled;
  }

  /** These timeouts as a Caffeine scheduler, so that caches expire on the same time. */
  default Scheduler asScheduler() {
    return (executor, command, delay, unit) ->
        after(Duration.ofNanos(unit.toNanos(delay)), () -> executor.execute(command));
  }

  /** Timeouts on a scheduled executor. */
  static Timeouts on(java.util.concurrent.ScheduledExecutorService executor) {
    return new Timeouts() {
      @Override
      public Future<?> after(Duration delay, Runnable action) {
        return executor.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
      }

      @Override
      public void execute(Runnable action) {
        executor.execute(action);
      }
    };
  }
}
