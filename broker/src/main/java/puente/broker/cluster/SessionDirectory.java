package puente.broker.cluster;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where live codes point: code → session → the broker node that relays it. One small seam so that
 * several brokers can later share it (on a cluster manager) without the session code changing.
 */
public interface SessionDirectory {
  /**
   * A session's place in the directory.
   *
   * @param sessionId the session
   * @param nodeId the broker node that relays it
   */
  record Entry(String sessionId, String nodeId) {}

  /** What claiming a code found. */
  enum ClaimOutcome {
    /** The code was live and unused; it is now used. */
    CLAIMED,
    /** The code was live but already used. */
    USED,
    /** No live code: never issued, or expired. */
    UNKNOWN
  }

  /**
   * The result of a claim.
   *
   * @param outcome what was found
   * @param entry the session, for CLAIMED and USED; null for UNKNOWN
   */
  record Claim(ClaimOutcome outcome, Entry entry) {}

  /**
   * Reserves a code for a session until it expires.
   *
   * @return false if the code is already live (the caller draws another)
   */
  boolean reserve(SessionCode code, Entry entry);

  /** Claims a code once: the first claim of a live code gets CLAIMED, later ones USED. */
  Claim claim(SessionCode code);

  /** Forgets a code early (its session ended before anyone claimed it). */
  void release(SessionCode code);

  /**
   * Sets who is told when an unclaimed code expires.
   *
   * @param listener receives the expired code's entry
   */
  void onExpiry(Consumer<Entry> listener);

  /** Number of live codes, claimed or not. */
  long liveCodes();

  /**
   * Records that a node holds a session, so that any node can tell where to find it (an attach, an
   * end or a supervisor's view that reaches another node).
   */
  void place(String sessionId, String nodeId);

  /** The node that holds a session, if it is live anywhere. */
  Optional<String> nodeOf(String sessionId);

  /** Forgets an ended session. */
  void forget(String sessionId);
}
