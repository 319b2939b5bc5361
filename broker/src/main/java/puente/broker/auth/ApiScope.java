package puente.broker.auth;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an API key may do through the REST API. None reaches sessions. */
public enum ApiScope {
  /** Reads tickets and their timelines ({@code GET /api/v1/tickets…}). */
  TICKETS_READ("tickets:read"),
  /** Reads the escalations waiting for a specialist ({@code GET /api/v1/queue}). */
  QUEUE_READ("queue:read");

  private final String wireName;

  ApiScope(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the command line and in the database. */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a scope name.
   *
   * @throws IllegalArgumentException naming the allowed values
   */
  public static ApiScope parse(String name) {
    for (ApiScope scope : values()) {
      if (scope.wireName.equals(name.strip())) {
        return scope;
      }
    }
    throw new IllegalArgumentException(
        "scope: "
            + name
            + " (expected: "
            + Arrays.stream(values()).map(ApiScope::wireName).collect(Collectors.joining(", "))
            + ")");
  }
}
