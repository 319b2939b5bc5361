package puente.broker.policy;

/**
 * A support-policy file that cannot be used. The message names the offending key path and the
 * reason, e.g. {@code officeHours.monday[1].end: "25:00" is not a time (expected HH:mm)}.
 */
public final class PolicyConfigException extends RuntimeException {

  private final String keyPath;

  /**
   * Creates an exception for one bad key.
   *
   * @param keyPath dotted path of the key, e.g. {@code officeHours.monday[1].end}; empty for the
   *     whole file
   * @param reason why the value is rejected
   */
  public PolicyConfigException(String keyPath, String reason) {
    super(keyPath.isEmpty() ? reason : keyPath + ": " + reason);
    this.keyPath = keyPath;
  }

  /**
   * Creates an exception for a file that could not be read or parsed at all.
   *
   * @param message what went wrong, naming the file
   * @param cause the underlying I/O or parse error
   */
  public PolicyConfigException(String message, Throwable cause) {
    super(message, cause);
    this.keyPath = "";
  }

  /**
   * Returns the dotted key path of the offending value.
   *
   * @return the key path, or an empty string when the file as a whole is bad
   */
  public String keyPath() {
    return keyPath;
  }
}
