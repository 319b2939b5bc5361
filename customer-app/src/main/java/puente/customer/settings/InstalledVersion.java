package puente.customer.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the helper learns which version of the accounting program is installed, so the customer
 * never types it: written as is ({@code version}, or {@code --version}), read from a file the
 * program's installer writes ({@code version.file}, optionally a {@code version.file.key} in {@code
 * key=value} line, as in an INI file; otherwise the first line that is not blank), or read from the
 * Windows registry ({@code version.registry} and {@code version.registry.value}).
 *
 * <p>The three are one setting: the highest layer that names any of them decides (a customer's file
 * with {@code version.file} overrides the vendor's {@code version.registry}), and one layer naming
 * two is an error.
 */
final class InstalledVersion {
  static final List<String> SOURCES =
      List.of(HelperSettings.VERSION, HelperSettings.VERSION_FILE, HelperSettings.VERSION_REGISTRY);

  private InstalledVersion() {}

  /**
   * Reads the version from the source the layers choose.
   *
   * @param layers lowest precedence first
   * @param registry the Windows registry, or null elsewhere
   * @return the version, or empty when no layer names a source
   * @throws SettingsException if the source is ambiguous, missing, or holds no version
   */
  static Optional<String> read(List<SettingsLayer> layers, Registry registry)
      throws SettingsException {
    for (int i = layers.size() - 1; i >= 0; i--) {
      SettingsLayer layer = layers.get(i);
      List<String> named = SOURCES.stream().filter(layer.values()::containsKey).toList();
      if (named.size() > 1) {
        throw new SettingsException("version.several", layer.origin(), String.join(", ", named));
      }
      if (named.size() == 1) {
        return Optional.of(readFrom(layer, named.get(0), registry));
      }
    }
    return Optional.empty();
  }

  private static String readFrom(SettingsLayer layer, String source, Registry registry)
      throws SettingsException {
    Setting setting = new Setting(source, layer.values().get(source), layer);
    return switch (source) {
      case HelperSettings.VERSION -> nonBlank(setting);
      case HelperSettings.VERSION_FILE ->
          fromFile(setting, layer.values().get(HelperSettings.VERSION_FILE_KEY));
      default ->
          fromRegistry(
              setting, layer.values().get(HelperSettings.VERSION_REGISTRY_VALUE), registry);
    };
  }

  private static String nonBlank(Setting setting) throws SettingsException {
    if (setting.value().isBlank()) {
      throw setting.invalid("empty");
    }
    return setting.value();
  }

  private static String fromFile(Setting setting, String key) throws SettingsException {
    Path path = Path.of(nonBlank(setting));
    if (!path.isAbsolute()) {
      throw setting.invalid("version.file_relative");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw setting.invalid("version.file_missing");
    } catch (IOException e) {
      throw setting.invalid("version.file_unreadable", String.valueOf(e));
    }
    if (key == null || key.isBlank()) {
      return lines.stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .findFirst()
          .orElseThrow(() -> setting.invalid("version.file_empty"));
    }
    // The program's own file (INI sections, other keys): only the line with the key matters.
    String found =
        lines.stream()
            .map(String::strip)
            .filter(line -> line.indexOf('=') > 0)
            .filter(line -> line.substring(0, line.indexOf('=')).strip().equalsIgnoreCase(key))
            .map(line -> line.substring(line.indexOf('=') + 1).strip())
            .filter(value -> !value.isEmpty())
            .findFirst()
            .orElseThrow(() -> setting.invalid("version.file_no_key", key));
    return found;
  }

  private static String fromRegistry(Setting setting, String valueName, Registry registry)
      throws SettingsException {
    if (registry == null) {
      throw setting.invalid("version.registry_windows_only");
    }
    Registry.Path key;
    try {
      key = Registry.Path.parse(setting.value());
    } catch (IllegalArgumentException e) {
      throw setting.invalid("version.registry_key");
    }
    if (valueName == null || valueName.isBlank()) {
      throw new SettingsException(
          "version.registry_value_missing", setting.layer().origin(), setting.value());
    }
    Optional<String> read;
    try {
      read = registry.readString(key.hive(), key.key(), valueName);
    } catch (IllegalStateException e) {
      throw setting.invalid("version.registry_unreadable", valueName, e.getMessage());
    }
    if (read.isEmpty() || read.get().isBlank()) {
      throw setting.invalid("version.registry_missing", valueName);
    }
    return read.get().strip();
  }
}
