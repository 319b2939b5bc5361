package puente.customer.settings;

import java.util.List;

/**
 * A setting is missing, unreadable or invalid. It carries a message key of the {@code
 * puente.customer.settings} bundle and its arguments (the file, the key, the value) so the helper
 * can say in the customer's language what to fix and where, instead of a stack trace.
 */
public final class SettingsException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String messageKey;
  private final List<String> arguments;

  /**
   * Creates the problem.
   *
   * @param messageKey the key in the {@code puente.customer.settings} bundle
   * @param arguments the message's arguments
   */
  public SettingsException(String messageKey, String... arguments) {
    super(messageKey + " " + List.of(arguments));
    this.messageKey = messageKey;
    this.arguments = List.of(arguments);
  }

  /** The message key. */
  public String messageKey() {
    return messageKey;
  }

  /** The arguments of the message, in order. */
  public Object[] arguments() {
    return arguments.toArray();
  }
}
