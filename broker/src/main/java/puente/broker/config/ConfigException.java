package puente.broker.config;

/** A configuration file or override that cannot be used; the message names the key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the offending key and why it is wrong
   * @param cause the parser's error, if any
   */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
