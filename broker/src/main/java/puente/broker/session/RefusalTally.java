package puente.broker.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import puente.v1.RefusalReason;

/**
 * A session's refusals by the gate, for its ticket: the first of each kind (who, what, why) is
 * recorded at once; a flood of the same is counted and recorded once, in aggregate, at the end.
 * Thread-safe.
 */
final class RefusalTally {
  /** One kind of refusal: who sent what and why it was refused. */
  record Key(String actor, Inbound kind, RefusalReason reason) {
    /** How the ticket words it, e.g. {@code INPUT NOT_GRANTED}. */
    String describe() {
      return kind + " " + reason;
    }
  }

  /** Refusals of one kind counted after the first was recorded. */
  record Repeats(Key key, long count) {}

  private final Map<Key, Long> counts = new LinkedHashMap<>();

  /**
   * Counts a refusal.
   *
   * @return true if it is the first of its kind in this session (record it now)
   */
  synchronized boolean count(Key key) {
    return counts.merge(key, 1L, Long::sum) == 1L;
  }

  /** The kinds refused more than once, with how many times after the first; then forgets them. */
  synchronized List<Repeats> drainRepeats() {
    List<Repeats> repeats = new ArrayList<>();
    counts.forEach(
        (key, count) -> {
          if (count > 1) {
            repeats.add(new Repeats(key, count - 1));
          }
        });
    counts.replaceAll((key, count) -> 1L);
    return repeats;
  }
}
