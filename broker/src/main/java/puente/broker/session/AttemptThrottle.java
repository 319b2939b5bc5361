package puente.broker.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * Slows down code guessing. Failures are counted per key (an agent, a source address); after a few
 * free failures each further one imposes a wait that doubles, up to a ceiling. Counters are
 * forgotten after a quiet period.
 */
public final class AttemptThrottle {
  private static final class Counter {
    int failures;
    long blockedUntilNanos;
  }

  private final Cache<String, Counter> counters;
  private final Ticker ticker;
  private final int freeFailures;
  private final Duration baseDelay;
  private final Duration maxDelay;

  /**
   * A throttle.
   *
   * @param freeFailures failures allowed before any wait
   * @param baseDelay the first wait; each later failure doubles it
   * @param maxDelay the longest wait
   * @param forgetAfter a key with no failure for this long starts afresh
   * @param ticker time source; tests advance it
   */
  public AttemptThrottle(
      int freeFailures,
      Duration baseDelay,
      Duration maxDelay,
      Duration forgetAfter,
      Ticker ticker) {
    this.freeFailures = freeFailures;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.ticker = ticker;
    this.counters =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(forgetAfter)
            .ticker(ticker)
            .build();
  }

  /**
   * Refuses a key that must still wait.
   *
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  public void refuseIfWaiting(String key) {
    Optional<Duration> wait = waitFor(key);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      throw RefusalException.withRetryAfter(
          RefusalException.of(RefusalReason.TOO_MANY_ATTEMPTS, "attempts.throttled", seconds),
          wait.get());
    }
  }

  /**
   * How long a key must still wait.
   *
   * @return the remaining wait, or empty if the key may try now
   */
  public Optional<Duration> waitFor(String key) {
    Counter counter = counters.getIfPresent(key);
    if (counter == null) {
      return Optional.empty();
    }
    synchronized (counter) {
      long remaining = counter.blockedUntilNanos - ticker.read();
      return remaining > 0 ? Optional.of(Duration.ofNanos(remaining)) : Optional.empty();
    }
  }

  /** Counts a failure and sets the next wait. */
  public void recordFailure(String key) {
    Counter counter = counters.asMap().computeIfAbsent(key, k -> new Counter());
    synchronized (counter) {
      counter.failures++;
      int over = counter.failures - freeFailures;
      if (over > 0) {
        long delay = baseDelay.toNanos() << Math.min(over - 1, 30);
        delay = Math.min(delay < 0 ? Long.MAX_VALUE : delay, maxDelay.toNanos());
        counter.blockedUntilNanos = ticker.read() + delay;
      }
    }
    // Rewrite so the quiet period counts from this failure.
    counters.put(key, counter);
  }

  /**
   * Counts a failure and makes the key wait the longest wait at once, whatever its count.
   *
   * @return the key's failures so far, this one included
   */
  public int recordFailureAtLongestWait(String key) {
    Counter counter = counters.asMap().computeIfAbsent(key, k -> new Counter());
    int failures;
    synchronized (counter) {
      failures = ++counter.failures;
      counter.blockedUntilNanos = ticker.read() + maxDelay.toNanos();
    }
    counters.put(key, counter);
    return failures;
  }

  /** A key's failures not yet forgotten. */
  public int failures(String key) {
    Counter counter = counters.getIfPresent(key);
    if (counter == null) {
      return 0;
    }
    synchronized (counter) {
      return counter.failures;
    }
  }

  /** Forgets a key's failures (after a success). */
  public void reset(String key) {
    counters.invalidate(key);
  }
}
