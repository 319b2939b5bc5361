package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A problem category the customer or agent picks (P5–P9, P17).
 *
 * @param id stable id, e.g. {@code installation}
 * @param scope support or out of scope
 * @param priority queue priority, 1 served first (P17)
 * @param names display name per language tag, e.g. {@code es-MX}, {@code en}
 * @param selfHelpUrl help pages or videos for this category (P9), if any
 */
public record Category(
    String id,
    CategoryScope scope,
    int priority,
    Map<String, String> names,
    Optional<String> selfHelpUrl) {

  /** Checks for nulls and copies the names. */
  public Category {
    requireNonNull(id, "id");
    requireNonNull(scope, "scope");
    names = Map.copyOf(requireNonNull(names, "names"));
    requireNonNull(selfHelpUrl, "selfHelpUrl");
    if (priority < 1) {
      throw new IllegalArgumentException("priority: " + priority + " (expected: >= 1)");
    }
  }

  /**
   * Returns the name for a language tag, falling back to the given default tag, then the id.
   *
   * @param tag language tag of the resolved message locale
   * @param defaultTag the policy's default language tag
   * @return the display name
   */
  public String name(String tag, String defaultTag) {
    String name = names.get(tag);
    if (name == null) {
      name = names.getOrDefault(defaultTag, id);
    }
    return name;
  }
}
