package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the policy in force. A reload reads and validates the new file completely before swapping
 * it in, so the next decision sees either the old policy or the new one, never a mix; a bad file
 * leaves the old policy in force.
 */
public final class PolicyHolder {

  private static final Logger log = LoggerFactory.getLogger(PolicyHolder.class);

  private final AtomicReference<SupportPolicy> current;

  /**
   * Creates a holder.
   *
   * @param initial the policy in force at start
   */
  public PolicyHolder(SupportPolicy initial) {
    this.current = new AtomicReference<>(requireNonNull(initial, "initial"));
  }

  /**
   * Returns the policy in force; call it once per decision.
   *
   * @return the current policy
   */
  public SupportPolicy current() {
    return current.get();
  }

  /**
   * Loads a policy file and, if it is valid, makes it the policy in force. Logs what changed.
   *
   * @param file the policy file
   * @return what changed, one line per change (empty if the new file is equivalent)
   * @throws PolicyConfigException naming the key and the reason when the file is bad; the old
   *     policy stays in force
   */
  public List<String> reload(Path file) {
    SupportPolicy next;
    try {
      next = SupportPolicy.load(file);
    } catch (PolicyConfigException e) {
      log.warn("Support policy {} not reloaded, keeping the current one: {}", file, e.getMessage());
      throw e;
    }
    SupportPolicy previous = current.getAndSet(next);
    List<String> changes = next.changesFrom(previous);
    if (changes.isEmpty()) {
      log.info("Support policy reloaded from {}: no changes", file);
    } else {
      log.info(
          "Support policy reloaded from {}: {} change(s):\n  {}",
          file,
          changes.size(),
          String.join("\n  ", changes));
    }
    return changes;
  }
}
