package puente.customer.settings;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import puente.client.ConfigDir;

/**
 * Where the helper's settings files are, and how one is read.
 *
 * <p>Two files, in this order, the later overriding the earlier key by key: the one the vendor's
 * installer places for the whole machine ({@code /etc/puente/helper.properties} on Linux, {@code
 * %ProgramData%\Puente\helper.properties} on Windows) and the customer's own ({@code
 * helper.properties} in the per-user folder of {@link ConfigDir}: {@code $XDG_CONFIG_HOME/puente},
 * {@code ~/.config/puente}, {@code %APPDATA%\Puente}). Command-line flags override both.
 *
 * <p>The format is {@code key = value} lines, {@code #} or {@code ;} comments. Unlike {@link
 * java.util.Properties}, a backslash is an ordinary character: a Windows path or registry key is
 * written as Windows shows it ({@code HKLM\SOFTWARE\Contabilidad}), as an administrator would type
 * it in Notepad.
 */
public final class SettingsFiles {
  /** The name of both files. */
  public static final String FILE_NAME = "helper.properties";

  private SettingsFiles() {}

  /**
   * The files for the current process, system-wide first.
   *
   * @return the two paths; either may not exist
   */
  public static List<Path> locations() {
    return locations(
        System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
  }

  /**
   * The files for explicit inputs, system-wide first.
   *
   * @param env environment variables
   * @param osName the {@code os.name} system property
   * @param userHome the {@code user.home} system property
   * @return the system-wide file and the per-user file
   */
  public static List<Path> locations(Map<String, String> env, String osName, String userHome) {
    Path system;
    if (osName != null && osName.startsWith("Windows")) {
      String programData = env.getOrDefault("ProgramData", "");
      system =
          Path.of(programData.isBlank() ? "C:\\ProgramData" : programData, "Puente", FILE_NAME);
    } else {
      system = Path.of("/etc/puente", FILE_NAME);
    }
    return List.of(system, ConfigDir.resolve(env, osName, userHome).resolve(FILE_NAME));
  }

  /**
   * Reads the files that exist, in order.
   *
   * @param paths from {@link #locations}
   * @return a layer per existing file
   * @throws SettingsException if a file exists but cannot be read or is not {@code key = value}
   */
  public static List<SettingsLayer> read(List<Path> paths) throws SettingsException {
    List<SettingsLayer> layers = new ArrayList<>();
    for (Path path : paths) {
      read(path).ifPresent(layers::add);
    }
    return layers;
  }

  /**
   * Reads one file.
   *
   * @param path the file
   * @return its layer, or empty if there is no such file
   * @throws SettingsException if it cannot be read or a line is not {@code key = value}
   */
  public static Optional<SettingsLayer> read(Path path) throws SettingsException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CharacterCodingException e) {
      throw new SettingsException("file.not_utf8", path.toString());
    } catch (IOException e) {
      throw new SettingsException("file.unreadable", path.toString(), String.valueOf(e));
    }
    return Optional.of(parse(path.toString(), text));
  }

  /**
   * Parses the text of a file.
   *
   * @param origin the file's path, for messages
   * @param text the file's content
   * @return its layer
   * @throws SettingsException if a line is not {@code key = value} or a key appears twice
   */
  public static SettingsLayer parse(String origin, String text) throws SettingsException {
    Map<String, String> values = new LinkedHashMap<>();
    // Notepad may start a UTF-8 file with a byte-order mark.
    String[] lines = text.replace("\uFEFF", "").split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      int equals = line.indexOf('=');
      String lineNumber = String.valueOf(i + 1);
      if (equals <= 0) {
        throw new SettingsException("file.bad_line", origin, lineNumber, line);
      }
      String key = line.substring(0, equals).strip();
      if (values.put(key, line.substring(equals + 1).strip()) != null) {
        throw new SettingsException("file.duplicate_key", origin, lineNumber, key);
      }
    }
    return new SettingsLayer(origin, values);
  }
}
