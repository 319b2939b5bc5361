package puente.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the apps keep their per-user files (the agent's token, the helper's machine id).
 *
 * <p>In order: {@code $PUENTE_CONFIG_DIR}; {@code %APPDATA%\Puente} on Windows; {@code
 * $XDG_CONFIG_HOME/puente}; {@code ~/.config/puente}.
 */
public final class ConfigDir {
  private ConfigDir() {}

  /**
   * Resolves the directory for the current process; it may not exist yet.
   *
   * @return the configuration directory
   */
  public static Path resolve() {
    return resolve(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
  }

  /**
   * Resolves the directory from explicit inputs (for tests and for callers that sandbox the
   * environment).
   *
   * @param env environment variables
   * @param osName the {@code os.name} system property
   * @param userHome the {@code user.home} system property
   * @return the configuration directory
   */
  public static Path resolve(Map<String, String> env, String osName, String userHome) {
    String explicit = env.get("PUENTE_CONFIG_DIR");
    if (isSet(explicit)) {
      return Path.of(explicit);
    }
    String appData = env.get("APPDATA");
    if (osName != null && osName.startsWith("Windows") && isSet(appData)) {
      return Path.of(appData, "Puente");
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (isSet(xdg)) {
      return Path.of(xdg, "puente");
    }
    return Path.of(userHome, ".config", "puente");
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
