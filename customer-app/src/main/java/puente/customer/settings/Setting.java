package puente.customer.settings;

/**
 * One setting's value and the layer it came from, so a problem with it names the file and key (or
 * the flag) the customer has to fix.
 *
 * @param key the key, e.g. {@code broker}
 * @param value the value as written
 * @param layer where it was written
 */
record Setting(String key, String value, SettingsLayer layer) {
  /** The command-line flag of each key that has one, or null. */
  String flag() {
    return switch (key) {
      case HelperSettings.TLS_CA -> "--tls-ca";
      case HelperSettings.BROKER,
          HelperSettings.LICENCE,
          HelperSettings.PRODUCT,
          HelperSettings.VERSION,
          HelperSettings.SERVICE,
          HelperSettings.PLAINTEXT,
          HelperSettings.LOCALE ->
          "--" + key;
      default -> null;
    };
  }

  /**
   * A problem with this value: the message key gets {@code .flag} or {@code .file} appended, and
   * the arguments are the flag or key, the file, the value, then {@code more}.
   */
  SettingsException invalid(String problem, String... more) {
    boolean fromFlag = layer.isCommandLine();
    String[] arguments = new String[3 + more.length];
    arguments[0] = fromFlag ? flag() : key;
    arguments[1] = layer.origin();
    arguments[2] = value;
    System.arraycopy(more, 0, arguments, 3, more.length);
    return new SettingsException(problem + (fromFlag ? ".flag" : ".file"), arguments);
  }
}
