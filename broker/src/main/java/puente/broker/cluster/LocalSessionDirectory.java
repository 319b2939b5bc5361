package puente.broker.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The directory of a single broker: codes in a Caffeine cache that expires them. */
public final class LocalSessionDirectory implements SessionDirectory {
  private static final class Slot {
    final Entry entry;
    volatile boolean used; // set under the slot's lock by claim

    Slot(Entry entry) {
      this.entry = entry;
    }
  }

  private final Cache<SessionCode, Slot> codes;
  private volatile Consumer<Entry> expiryListener = entry -> {};
  private final Map<String, String> nodes = new ConcurrentHashMap<>();

  /**
   * A directory whose codes live for {@code ttl} after they are issued.
   *
   * @param ttl code lifetime (10 minutes by default)
   * @param ticker time source; tests advance it
   * @param timely whether to expire codes on a background scheduler (the broker) or only when the
   *     cache is next touched (tests that drive time themselves)
   */
  public LocalSessionDirectory(Duration ttl, Ticker ticker, boolean timely) {
    this(ttl, ticker, timely ? Scheduler.systemScheduler() : Scheduler.disabledScheduler());
  }

  /**
   * A directory whose codes live for {@code ttl} after they are issued, expired on time by {@code
   * scheduler} (the broker's own timeouts, which tests advance together with {@code ticker}).
   */
  public LocalSessionDirectory(Duration ttl, Ticker ticker, Scheduler scheduler) {
    Caffeine<SessionCode, Slot> builder =
        Caffeine.newBuilder()
            .expireAfterWrite(ttl)
            .ticker(ticker)
            .removalListener(
                (SessionCode code, Slot slot, RemovalCause cause) -> {
                  if (cause == RemovalCause.EXPIRED && slot != null && !slot.used) {
                    expiryListener.accept(slot.entry);
                  }
                });
    this.codes = builder.scheduler(scheduler).executor(Runnable::run).build();
  }

  @Override
  public boolean reserve(SessionCode code, Entry entry) {
    return codes.asMap().putIfAbsent(code, new Slot(entry)) == null;
  }

  @Override
  public Claim claim(SessionCode code) {
    Slot slot = codes.getIfPresent(code);
    if (slot == null) {
      return new Claim(ClaimOutcome.UNKNOWN, null);
    }
    synchronized (slot) {
      ClaimOutcome outcome = slot.used ? ClaimOutcome.USED : ClaimOutcome.CLAIMED;
      slot.used = true;
      return new Claim(outcome, slot.entry);
    }
  }

  @Override
  public void release(SessionCode code) {
    codes.invalidate(code);
  }

  @Override
  public void onExpiry(Consumer<Entry> listener) {
    this.expiryListener = listener;
  }

  @Override
  public long liveCodes() {
    codes.cleanUp();
    return codes.estimatedSize();
  }

  @Override
  public void place(String sessionId, String nodeId) {
    nodes.put(sessionId, nodeId);
  }

  @Override
  public Optional<String> nodeOf(String sessionId) {
    return Optional.ofNullable(nodes.get(sessionId));
  }

  @Override
  public void forget(String sessionId) {
    nodes.remove(sessionId);
  }
}
