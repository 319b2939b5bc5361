package puente.customer.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsFilesTest {
  static Stream<Arguments> locations() {
    return Stream.of(
        Arguments.of(
            "Linux",
            Map.of(),
            "/etc/puente/helper.properties",
            "/home/ana/.config/puente/helper.properties"),
        Arguments.of(
            "Linux",
            Map.of("XDG_CONFIG_HOME", "/tmp/xdg"),
            "/etc/puente/helper.properties",
            "/tmp/xdg/puente/helper.properties"),
        Arguments.of(
            "Linux",
            Map.of("PUENTE_CONFIG_DIR", "/srv/p", "XDG_CONFIG_HOME", "/tmp/xdg"),
            "/etc/puente/helper.properties",
            "/srv/p/helper.properties"),
        Arguments.of(
            "Windows 11",
            Map.of("ProgramData", "D:\\Datos", "APPDATA", "C:\\Users\\ana\\AppData\\Roaming"),
            "D:\\Datos/Puente/helper.properties",
            "C:\\Users\\ana\\AppData\\Roaming/Puente/helper.properties"),
        Arguments.of(
            "Windows 11",
            Map.of("APPDATA", "C:\\Users\\ana\\AppData\\Roaming"),
            "C:\\ProgramData/Puente/helper.properties",
            "C:\\Users\\ana\\AppData\\Roaming/Puente/helper.properties"));
  }

  @ParameterizedTest
  @MethodSource
  void locations(String os, Map<String, String> env, String system, String user) {
    assertThat(SettingsFiles.locations(env, os, "/home/ana"))
        .containsExactly(Path.of(system), Path.of(user));
  }

  @Test
  void keepsBackslashesAsWindowsWritesThemAndSkipsCommentsAndTheByteOrderMark()
      throws SettingsException {
    SettingsLayer layer =
        SettingsFiles.parse(
            "C:\\ProgramData\\Puente\\helper.properties",
            "\uFEFF# del proveedor\r\n; también comentario\r\n\r\n"
                + "version.registry = HKLM\\SOFTWARE\\Contadores\\Contabilidad\r\n"
                + "licence=LIC=0001\r\n");

    assertThat(layer.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "version.registry", "HKLM\\SOFTWARE\\Contadores\\Contabilidad",
                "licence", "LIC=0001"));
    assertThat(layer.isCommandLine()).isFalse();
  }

  @Test
  void aLineWithoutEqualsNamesTheFileAndTheLine() {
    assertThatThrownBy(() -> SettingsFiles.parse("/etc/puente/helper.properties", "a=1\nbroker"))
        .isInstanceOfSatisfying(
            SettingsException.class,
            e -> {
              assertThat(e.messageKey()).isEqualTo("file.bad_line");
              assertThat(e.arguments())
                  .containsExactly("/etc/puente/helper.properties", "2", "broker");
            });
  }

  @Test
  void aKeyWrittenTwiceIsRefused() {
    assertThatThrownBy(() -> SettingsFiles.parse("f", "licence=A\nlicence=B"))
        .isInstanceOfSatisfying(
            SettingsException.class,
            e -> assertThat(e.arguments()).containsExactly("f", "2", "licence"));
  }

  @Test
  void readsTheFilesThatExistInOrder(@TempDir Path dir) throws Exception {
    Path system = Files.writeString(dir.resolve("system.properties"), "broker=a:1\n");
    Path user = dir.resolve("nobody/helper.properties");

    List<SettingsLayer> layers = SettingsFiles.read(List.of(system, user));

    assertThat(layers).extracting(SettingsLayer::origin).containsExactly(system.toString());
  }

  @Test
  void aFileThatIsNotUtf8IsNamed(@TempDir Path dir) throws Exception {
    Path latin1 = Files.write(dir.resolve("helper.properties"), new byte[] {'a', '=', (byte) 0xF1});

    assertThatThrownBy(() -> SettingsFiles.read(latin1))
        .isInstanceOfSatisfying(
            SettingsException.class,
            e -> {
              assertThat(e.messageKey()).isEqualTo("file.not_utf8");
              assertThat(e.arguments()).containsExactly(latin1.toString());
            });
  }
}
