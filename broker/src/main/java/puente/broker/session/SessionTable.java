package puente.broker.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import puente.broker.cluster.SessionDirectory;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/**
 * The sessions this broker node holds, by id and by the digest of their helper's token. Each is
 * placed in the {@link SessionDirectory} too, which says which node holds a session: the seam where
 * several nodes share one directory.
 */
final class SessionTable {
  private final SessionDirectory directory;
  private final String nodeId;
  private final Map<String, LiveSession> byId = new ConcurrentHashMap<>();
  private final Map<String, LiveSession> byHelperToken = new ConcurrentHashMap<>();
  private boolean closed;

  SessionTable(SessionDirectory directory, String nodeId) {
    this.directory = directory;
    this.nodeId = nodeId;
  }

  /** This node's id in the directory. */
  String nodeId() {
    return nodeId;
  }

  /**
   * Holds a new session here.
   *
   * @throws RefusalException UNAVAILABLE once the broker is stopping
   */
  synchronized void add(LiveSession session) {
    requireOpen();
    byId.put(session.id(), session);
    byHelperToken.put(session.helperTokenHash(), session);
    directory.place(session.id(), nodeId);
  }

  /** The session with this id held here, or null. */
  LiveSession byId(String sessionId) {
    return sessionId == null ? null : byId.get(sessionId);
  }

  /** The session whose helper token has this digest, or null. */
  LiveSession byHelperToken(String tokenHash) {
    return byHelperToken.get(tokenHash);
  }

  /** Lets go of an ended session. */
  void remove(LiveSession session) {
    byId.remove(session.id());
    byHelperToken.remove(session.helperTokenHash());
    directory.forget(session.id());
  }

  /**
   * Takes no more sessions (the broker is stopping).
   *
   * @return the sessions held here now, for the caller to end
   */
  synchronized List<LiveSession> close() {
    closed = true;
    return live();
  }

  /**
   * Refuses new work once the broker is stopping.
   *
   * @throws RefusalException UNAVAILABLE after {@link #close}
   */
  synchronized void requireOpen() {
    if (closed) {
      throw RefusalException.of(RefusalReason.UNAVAILABLE, "unavailable");
    }
  }

  /** The sessions held here now. */
  List<LiveSession> live() {
    return List.copyOf(byId.values());
  }
}
