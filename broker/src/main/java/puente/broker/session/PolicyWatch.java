package puente.broker.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.policy.ClosingWarning;
import puente.broker.policy.PolicyConfigException;
import puente.broker.policy.PolicyHolder;
import puente.v1.AgentEvent;
import puente.v1.Notice;

/**
 * The running broker's side of the policy: reloads the policy file when it changes (the next
 * decision uses it; a bad file keeps the old policy), and warns the staff of running sessions that
 * the office is about to close (P12: sessions are never cut).
 */
public final class PolicyWatch {
  private static final Logger log = LoggerFactory.getLogger(PolicyWatch.class);

  private final PolicyHolder policy;
  private final Path file;
  private final SessionService sessions;
  private final Clock clock;
  private FileTime lastSeen;

  /**
   * A watch.
   *
   * @param file the policy file to reload when it changes, or null for the shipped policy
   */
  public PolicyWatch(PolicyHolder policy, Path file, SessionService sessions, Clock clock) {
    this.policy = policy;
    this.file = file;
    this.sessions = sessions;
    this.clock = clock;
    this.lastSeen = modified();
  }

  /** Reloads the file if it changed since the last look. */
  public void reloadIfChanged() {
    FileTime now = modified();
    if (now == null || now.equals(lastSeen)) {
      return;
    }
    lastSeen = now;
    try {
      policy.reload(file);
    } catch (PolicyConfigException e) {
      // PolicyHolder logged it; the old policy stays in force.
      log.debug("policy reload refused", e);
    }
  }

  /** Sends the closing-time warning to the staff of each running session, once per closing. */
  public void warnBeforeClosing() {
    Instant now = clock.instant();
    for (LiveSession session : sessions.live()) {
      if (session.state() != LiveSession.State.ACTIVE) {
        continue;
      }
      for (Member member : session.members()) {
        Locale locale = member.locale();
        Optional<ClosingWarning> warning = policy.current().closingWarning(now, locale);
        if (warning.isPresent()
            && !now.isBefore(warning.get().warnAt())
            && session.markWarned(member.agent().username(), warning.get().closesAt())) {
          member
              .link()
              .send(
                  AgentEvent.newBuilder()
                      .setNotice(
                          Events.notice(Notice.Kind.CLOSING_SOON, warning.get().message())
                              .toBuilder()
                              .setAt(Events.timestamp(warning.get().closesAt())))
                      .build());
        }
      }
    }
  }

  private FileTime modified() {
    if (file == null) {
      return null;
    }
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }
}
