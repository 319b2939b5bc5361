package puente.broker.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import puente.broker.config.Budgets;

/**
 * A token bucket per key (a source address, a licence): {@code burst} requests at once, then {@code
 * perMinute} a minute. Kept as the instant the bucket will be full again (the generic cell rate
 * algorithm), in whole nanoseconds, so waits are exact. A key idle long enough to be full is
 * forgotten, so memory follows the keys active in the last few minutes, bounded at {@link
 * #MAX_KEYS}.
 */
final class RateBudget {
  static final int MAX_KEYS = 100_000;

  private static final class Bucket {
    long fullAtNanos;

    Bucket(long now) {
      this.fullAtNanos = now;
    }
  }

  private final Cache<String, Bucket> buckets;
  private final Ticker ticker;
  private final long interval;
  private final long slack;

  /**
   * A budget.
   *
   * @param rate burst and refill per minute
   * @param ticker time source; tests advance it
   */
  RateBudget(Budgets.Rate rate, Ticker ticker) {
    this.ticker = ticker;
    this.interval =
        Math.max(1, (long) Math.ceil(Duration.ofMinutes(1).toNanos() / rate.perMinute()));
    this.slack = (rate.burst() - 1) * interval;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(MAX_KEYS)
            .expireAfterAccess(Duration.ofNanos(slack + interval))
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Takes one request from a key's budget.
   *
   * @return empty when the request may go ahead; otherwise how long until the next one may
   */
  Optional<Duration> take(String key) {
    long now = ticker.read();
    Bucket bucket = buckets.get(key, k -> new Bucket(now));
    synchronized (bucket) {
      long full = Math.max(bucket.fullAtNanos, now);
      long over = full - now - slack;
      if (over > 0) {
        return Optional.of(Duration.ofNanos(over));
      }
      bucket.fullAtNanos = full + interval;
      return Optional.empty();
    }
  }
}
