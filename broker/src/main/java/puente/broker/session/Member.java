package puente.broker.session;

import java.time.Instant;
import java.util.Locale;
import puente.broker.auth.Agent;
import puente.broker.relay.Link;
import puente.v1.AgentEvent;

/**
 * A member of staff attached to the session. A watch-only member (a supervisor or specialist
 * watching from the web console) never owns the session, never holds control and is never handed
 * it.
 */
final class Member {
  private final Agent agent;
  private final boolean watchOnly;
  private final String credential;
  private final Link<AgentEvent> link;
  private final Locale locale;
  private final Instant joinedAt;
  // Screen frames skipped while this viewer's stream was full; it then needs a full frame.
  private boolean lagging;
  private long laggingSinceNanos;

  Member(Agent agent, String credential, Link<AgentEvent> link, Locale locale, Instant joinedAt) {
    this(agent, credential, link, locale, joinedAt, false);
  }

  Member(
      Agent agent,
      String credential,
      Link<AgentEvent> link,
      Locale locale,
      Instant joinedAt,
      boolean watchOnly) {
    this.agent = agent;
    this.watchOnly = watchOnly;
    this.credential = credential;
    this.link = link;
    this.locale = locale;
    this.joinedAt = joinedAt;
  }

  Agent agent() {
    return agent;
  }

  /** Whether this member only watches: never owner, never holder of control. */
  boolean watchOnly() {
    return watchOnly;
  }

  /** The digest of the token the member attached with: their stream lasts while it is granted. */
  String credential() {
    return credential;
  }

  Link<AgentEvent> link() {
    return link;
  }

  Locale locale() {
    return locale;
  }

  Instant joinedAt() {
    return joinedAt;
  }

  /**
   * Marks a skipped frame.
   *
   * @return true the first time since the viewer was last in step
   */
  synchronized boolean startLagging(long nowNanos) {
    if (lagging) {
      return false;
    }
    lagging = true;
    laggingSinceNanos = nowNanos;
    return true;
  }

  /** How long the viewer has been lagging, or 0. */
  synchronized long laggingForNanos(long nowNanos) {
    return lagging ? nowNanos - laggingSinceNanos : 0;
  }

  /** The viewer caught up (it will get a full frame). */
  synchronized void caughtUp() {
    lagging = false;
  }
}
