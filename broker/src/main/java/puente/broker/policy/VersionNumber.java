package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted release number such as {@code 2026.3} or {@code 10.2.1}, optionally with a qualifier
 * ({@code 10.2.1-beta2}), compared numerically part by part (P22): {@code 2026.3 < 2026.10}, {@code
 * 2026.3 == 2026.3.0}, and a qualified version sorts before the plain release. The first part is
 * the <em>line</em> (major): {@code 2026} in {@code 2026.3}.
 */
public final class VersionNumber implements Comparable<VersionNumber> {

  private static final Pattern SYNTAX =
      Pattern.compile("[vV]?(\\d{1,9}(?:\\.\\d{1,9})*)(?:[-+]([0-9A-Za-z.\\-]+))?");

  private final String text;
  private final long[] parts;
  private final String qualifier;

  private VersionNumber(String text, long[] parts, String qualifier) {
    this.text = text;
    this.parts = parts;
    this.qualifier = qualifier;
  }

  /**
   * Parses a version, returning empty when the text is not one.
   *
   * @param text e.g. {@code "2026.3"}; may be {@code null}
   * @return the version, or empty for {@code null}, blank or malformed text
   */
  public static Optional<VersionNumber> tryParse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    Matcher m = SYNTAX.matcher(trimmed);
    if (!m.matches()) {
      return Optional.empty();
    }
    long[] parts = Arrays.stream(m.group(1).split("\\.")).mapToLong(Long::parseLong).toArray();
    int length = parts.length;
    while (length > 1 && parts[length - 1] == 0) {
      length--; // 2026.3.0 equals 2026.3
    }
    String qualifier = m.group(2) == null ? "" : m.group(2);
    return Optional.of(new VersionNumber(trimmed, Arrays.copyOf(parts, length), qualifier));
  }

  /**
   * Parses a version.
   *
   * @param text e.g. {@code "10.2.1"}
   * @return the version
   * @throws IllegalArgumentException if the text is not a version
   */
  public static VersionNumber parse(String text) {
    return tryParse(requireNonNull(text, "text"))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "version: \""
                        + text
                        + "\" (expected: numbers separated by dots, e.g. 2026.3)"));
  }

  /**
   * Returns the first part, which names the release line.
   *
   * @return the major number
   */
  public long line() {
    return parts[0];
  }

  @Override
  public int compareTo(VersionNumber other) {
    int n = Math.max(parts.length, other.parts.length);
    for (int i = 0; i < n; i++) {
      long a = i < parts.length ? parts[i] : 0;
      long b = i < other.parts.length ? other.parts[i] : 0;
      if (a != b) {
        return Long.compare(a, b);
      }
    }
    if (qualifier.isEmpty() || other.qualifier.isEmpty()) {
      return Boolean.compare(qualifier.isEmpty(), other.qualifier.isEmpty());
    }
    return qualifier.compareTo(other.qualifier);
  }

  /**
   * Returns whether this version is before another.
   *
   * @param other the other version
   * @return {@code true} if this one sorts first
   */
  public boolean isBefore(VersionNumber other) {
    return compareTo(other) < 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionNumber v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(parts) + qualifier.hashCode();
  }

  /** Returns the version as written. */
  @Override
  public String toString() {
    return text;
  }
}
