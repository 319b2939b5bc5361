package puente.broker.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * At most one log line per key (a source address) per {@link #EVERY}: anyone can make the broker
 * refuse them at speed, and the log must not grow with their effort. A line tells how many of the
 * same were not logged since the last one.
 */
final class QuietLog {
  static final Duration EVERY = Duration.ofMinutes(1);

  private static final class Window {
    boolean logged;
    long loggedAtNanos;
    long unlogged;
  }

  private final Cache<String, Window> windows;
  private final Ticker ticker;
  private final Consumer<String> log;

  /**
   * @param log where the lines go
   * @param ticker measures the quiet minute
   */
  QuietLog(Consumer<String> log, Ticker ticker) {
    this.log = log;
    this.ticker = ticker;
    this.windows =
        Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterAccess(EVERY.multipliedBy(10))
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /** Logs {@code line} unless {@code key} was logged less than a minute ago; then counts it. */
  void log(String key, String line) {
    long now = ticker.read();
    Window window = windows.get(key, k -> new Window());
    String out;
    synchronized (window) {
      if (window.logged && now - window.loggedAtNanos < EVERY.toNanos()) {
        window.unlogged++;
        return;
      }
      out = window.unlogged == 0 ? line : line + " (" + window.unlogged + " more not logged)";
      window.logged = true;
      window.loggedAtNanos = now;
      window.unlogged = 0;
    }
    log.accept(out);
  }
}
