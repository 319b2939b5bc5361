package puente.broker.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the broker keeps its data (the H2 database, and the admin socket while the broker runs), so
 * that the broker and every admin command find the same data from any folder.
 *
 * <p>In order: {@code --home}; {@code $PUENTE_HOME}; {@code %LOCALAPPDATA%\Puente} on Windows;
 * {@code $XDG_DATA_HOME/puente}; {@code ~/.local/share/puente}.
 */
public final class BrokerHome {
  private BrokerHome() {}

  /**
   * Resolves the home for this process; it may not exist yet.
   *
   * @param option the {@code --home} option, or null
   * @return an absolute path
   */
  public static Path resolve(Path option) {
    return resolve(
        option, System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
  }

  /**
   * Resolves the home from explicit inputs.
   *
   * @param option the {@code --home} option, or null
   * @param env environment variables
   * @param osName the {@code os.name} system property
   * @param userHome the {@code user.home} system property
   * @return an absolute path
   */
  static Path resolve(Path option, Map<String, String> env, String osName, String userHome) {
    Path home;
    if (option != null) {
      home = option;
    } else if (isSet(env.get("PUENTE_HOME"))) {
      home = Path.of(env.get("PUENTE_HOME"));
    } else if (osName != null && osName.startsWith("Windows") && isSet(env.get("LOCALAPPDATA"))) {
      home = Path.of(env.get("LOCALAPPDATA"), "Puente");
    } else if (isSet(env.get("XDG_DATA_HOME"))) {
      home = Path.of(env.get("XDG_DATA_HOME"), "puente");
    } else {
      home = Path.of(userHome, ".local", "share", "puente");
    }
    return home.toAbsolutePath().normalize();
  }

  /**
   * Creates a folder (and its parents) readable by the current OS user only, if missing: the
   * database has no password and the admin socket takes commands.
   *
   * @param folder the folder
   * @throws IOException if it cannot be created
   */
  public static void createPrivately(Path folder) throws IOException {
    if (folder == null || Files.isDirectory(folder)) {
      return;
    }
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
