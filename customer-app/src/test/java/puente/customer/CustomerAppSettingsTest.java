package puente.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.client.testing.EchoService;
import puente.client.testing.RunningApp;
import puente.v1.RegisterRequest;

/** The helper started as a desktop shortcut starts it: no flags, everything from the files. */
class CustomerAppSettingsTest {
  @TempDir Path dir;

  private FakeHelperBroker broker;
  private EchoService echoService;
  private Path system;
  private Path user;

  @BeforeEach
  void start() throws Exception {
    broker = new FakeHelperBroker();
    echoService = new EchoService();
    system = dir.resolve("etc/puente/helper.properties");
    user = dir.resolve("home/.config/puente/helper.properties");
    Files.createDirectories(system.getParent());
    Files.createDirectories(user.getParent());
  }

  @AfterEach
  void stop() throws Exception {
    echoService.close();
    broker.close();
  }

  @Test
  void startsWithNoFlagsFromTheVendorsAndTheCustomersFiles() throws Exception {
    Path installed = Files.writeString(dir.resolve("contabilidad.ini"), "Version=2026.3\n");
    Files.writeString(
        system,
        String.join(
            "\n",
            "# del proveedor",
            "broker = 127.0.0.1:" + broker.port(),
            "product = contabilidad",
            "version.file = " + installed,
            "version.file.key = Version",
            "licence = LIC-DEL-PROVEEDOR"));
    Files.writeString(
        user, "licence = LIC-RIVERA\nservice = " + echoService.endpoint() + "\nlocale = es-MX\n");

    RunningApp app = start("--ui", "terminal", "--no-screen");

    app.awaitOut("Su código de soporte:");
    RegisterRequest registered = broker.registrations.poll(10, TimeUnit.SECONDS);
    assertThat(registered.getLicenceKey()).isEqualTo("LIC-RIVERA");
    assertThat(registered.getProduct()).isEqualTo("contabilidad");
    assertThat(registered.getInstalledVersion()).isEqualTo("2026.3");
    assertThat(registered.getOfferedService()).contains(echoService.endpoint().toString());
    app.type("q");
    assertThat(app.awaitExit()).isZero();
  }

  @Test
  void theOldFlagsStillWorkAndOverrideTheFiles() throws Exception {
    Files.writeString(
        system,
        "broker = 127.0.0.1:1\nlicence = LIC-A\nproduct = contabilidad\nversion = 2020.1\n");

    RunningApp app =
        start(
            "--broker",
            "127.0.0.1:" + broker.port(),
            "--licence",
            "LIC-B",
            "--version",
            "2026.2",
            "--service",
            echoService.endpoint().toString(),
            "--ui",
            "terminal",
            "--no-screen");

    app.awaitOut("Su código de soporte:");
    RegisterRequest registered = broker.registrations.poll(10, TimeUnit.SECONDS);
    assertThat(registered.getLicenceKey()).isEqualTo("LIC-B");
    assertThat(registered.getInstalledVersion()).isEqualTo("2026.2");
    app.type("q");
    assertThat(app.awaitExit()).isZero();
  }

  @Test
  void aMissingSettingIsOneSpanishMessageNamingTheFilesAndTheKey() throws Exception {
    Files.writeString(system, "broker = 127.0.0.1:7480\nproduct = contabilidad\nversion = 1\n");

    RunningApp app = start("--ui", "terminal");

    assertThat(app.awaitExit()).isEqualTo(2);
    assertThat(app.err())
        .isEqualTo(
            "Falta el ajuste «licence». Escríbalo en uno de estos archivos:\n  "
                + system
                + System.lineSeparator()
                + "  "
                + user
                + "\no indíquelo con la opción --licence."
                + System.lineSeparator());
    assertThat(broker.registrations).isEmpty();
  }

  @Test
  void aBrokenLineInTheCustomersFileIsNamedWithItsLineNotAStack() throws Exception {
    Files.writeString(user, "locale = en\nbroker 127.0.0.1:7480\n");

    RunningApp app = start("--ui", "terminal");

    assertThat(app.awaitExit()).isEqualTo(2);
    // The file could not be read, so its locale is unknown: Spanish, the default.
    assertThat(app.err())
        .startsWith("En el archivo de configuración " + user + ", la línea 2 no tiene la forma");
    assertThat(app.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private RunningApp start(String... args) throws Exception {
    return RunningApp.start(
        (in, out, err) -> CustomerApp.run(List.of(system, user), in, out, err, args));
  }
}
