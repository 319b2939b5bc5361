package puente.broker.auth;

import java.util.Locale;

/** What a member of staff may do. Enforced by the broker on every call. */
public enum Role {
  /** First-line agent: opens sessions by code. */
  AGENT,
  /** Takes escalated cases and joins live sessions (P15). */
  SPECIALIST,
  /** Sees and ends any live session. */
  SUPERVISOR;

  /** The lower-case name used on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a role name, case-insensitively.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static Role parse(String name) {
    for (Role role : values()) {
      if (role.name().equalsIgnoreCase(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "role: " + name + " (expected: agent, specialist or supervisor)");
  }
}
