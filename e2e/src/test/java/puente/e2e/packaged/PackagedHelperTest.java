package puente.e2e.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import puente.e2e.Program;
import puente.e2e.Rig;
import puente.e2e.SharedRig;

/**
 * Issue 13: the packaged helper (its own Java runtime, no Java on the machine needed), started as a
 * desktop shortcut starts it: no flags, everything from the settings file, in an environment with
 * no locale, no display and no Java of the test's.
 */
@ExtendWith(SharedRig.class)
class PackagedHelperTest {
  @TempDir static Path dir;
  private static Path root;

  private final Rig rig;

  PackagedHelperTest(Rig rig) {
    this.rig = rig;
  }

  @BeforeAll
  static void unpack() throws Exception {
    root =
        PackagedHelper.unpack(PackagedHelper.deb(), Files.createDirectories(dir.resolve("root")));
  }

  @Test
  void thePackageInstallsTheLauncherItsOwnRuntimeAndASpanishDesktopEntry() throws Exception {
    Path app = root.resolve(PackagedHelper.INSTALL_DIR);

    assertThat(app.resolve("bin/puente-ayuda")).isExecutable();
    assertThat(app.resolve("lib/runtime/bin/java")).isExecutable();
    // Only the modules the helper needs: no compiler, no jshell, no jlink.
    assertThat(Files.readString(app.resolve("lib/runtime/release")))
        .contains("java.desktop", "jdk.crypto.ec", "jdk.localedata")
        .doesNotContain("java.compiler", "jdk.jshell", "jdk.jlink");
    String desktop = Files.readString(app.resolve("lib/puente-ayuda-puente-ayuda.desktop"));
    assertThat(desktop)
        .contains(
            "Name=Ayuda remota Puente",
            "Exec=/opt/puente-ayuda/bin/puente-ayuda",
            "Icon=/opt/puente-ayuda/lib/puente-ayuda.png",
            "Terminal=false");
  }

  @Test
  void startsWithNoFlagsFromTheSettingsFileAndShowsACodeTheAgentOpens() throws Exception {
    Path installed = Files.writeString(dir.resolve("contabilidad.ini"), "Version=2026.2\n");
    try (ServerSocket service = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Program helper =
            start(
                customer(
                    "broker = 127.0.0.1:" + rig.grpcPort(),
                    "licence = LIC-PAQUETE",
                    "product = contabilidad",
                    "version.file = " + installed,
                    "version.file.key = Version",
                    "service = 127.0.0.1:" + service.getLocalPort()))) {
      String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", Duration.ofSeconds(90)).group(1);
      assertThat(helper.output()).contains("Su código de soporte:");

      Program agent = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
      helper.awaitLine("¿Lo permite\\?", Duration.ofSeconds(30));
      helper.type("s");
      Matcher ready =
          agent.awaitLine(
              "Túnel listo: (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)", Duration.ofSeconds(30));
      try (Socket toCustomer = new Socket(ready.group(1), Integer.parseInt(ready.group(2)));
          Socket atCustomer = service.accept()) {
        OutputStream out = toCustomer.getOutputStream();
        out.write("hola\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = atCustomer.getInputStream();
        assertThat(new String(in.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("hola\n");
      }
      agent.type("q");
      assertThat(agent.awaitExit(Duration.ofSeconds(30))).isZero();
      helper.awaitLine("El agente terminó la sesión", Duration.ofSeconds(30));
      assertThat(helper.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void aMissingLicenceIsOneSpanishMessageNamingTheFileWithoutAnyLocale() throws Exception {
    Map<String, String> env =
        customer("broker = 127.0.0.1:" + rig.grpcPort(), "product = contabilidad", "version = 1");

    try (Program helper = start(env)) {
      assertThat(helper.awaitExit(Duration.ofSeconds(90))).isEqualTo(2);
      Path file = Path.of(env.get("XDG_CONFIG_HOME"), "puente", "helper.properties");
      assertThat(helper.output())
          .startsWith("Falta el ajuste «licence». Escríbalo en uno de estos archivos:")
          .contains("/etc/puente/helper.properties", file.toString(), "--licence")
          .doesNotContain("Exception");
    }
  }

  /** A customer's home and per-user settings file; no LANG, no DISPLAY, no JAVA_HOME. */
  private static Map<String, String> customer(String... settings) throws Exception {
    Path home = Files.createTempDirectory(dir, "home-");
    Path config = Files.createDirectories(home.resolve(".config"));
    Files.createDirectories(config.resolve("puente"));
    Files.writeString(
        config.resolve("puente/helper.properties"), String.join("\n", settings) + "\n");
    return Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", config.toString());
  }

  private static Program start(Map<String, String> env) throws Exception {
    return Program.startExecutable(
        root.resolve(PackagedHelper.INSTALL_DIR).resolve("bin/puente-ayuda"), env);
  }
}
