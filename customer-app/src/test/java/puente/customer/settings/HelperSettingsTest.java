package puente.customer.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import puente.client.Endpoint;
import puente.client.Locales;
import puente.client.Messages;
import puente.customer.settings.Registry.Hive;

class HelperSettingsTest {
  private static final String SYSTEM = "/etc/puente/helper.properties";
  private static final String USER = "/home/ana/.config/puente/helper.properties";
  private static final List<Path> FILES = List.of(Path.of(SYSTEM), Path.of(USER));
  private static final Map<String, String> COMPLETE =
      Map.of(
          "broker", "soporte.ejemplo.mx:7480",
          "licence", "LIC-VENDOR",
          "product", "contabilidad",
          "version", "2026.1");

  @TempDir Path dir;

  /** System-wide file, then the customer's, then flags: the later wins, key by key. */
  static Stream<Arguments> precedence() {
    return Stream.of(
        Arguments.of(COMPLETE, Map.of(), Map.of(), "soporte.ejemplo.mx:7480", "LIC-VENDOR"),
        Arguments.of(
            COMPLETE, Map.of("licence", "LIC-ANA"), Map.of(), "soporte.ejemplo.mx:7480", "LIC-ANA"),
        Arguments.of(
            COMPLETE,
            Map.of("licence", "LIC-ANA"),
            Map.of("licence", "LIC-FLAG"),
            "soporte.ejemplo.mx:7480",
            "LIC-FLAG"),
        Arguments.of(
            COMPLETE,
            Map.of("broker", "otro.ejemplo.mx:443"),
            Map.of(),
            "otro.ejemplo.mx:443",
            "LIC-VENDOR"),
        Arguments.of(
            COMPLETE,
            Map.of("broker", "otro.ejemplo.mx:443"),
            Map.of("broker", "127.0.0.1:7480"),
            "127.0.0.1:7480",
            "LIC-VENDOR"),
        Arguments.of(
            Map.of("broker", "soporte.ejemplo.mx:7480", "product", "contabilidad"),
            Map.of("licence", "LIC-ANA", "version", "2026.1"),
            Map.of(),
            "soporte.ejemplo.mx:7480",
            "LIC-ANA"),
        Arguments.of(
            Map.of(),
            Map.of(),
            Map.of(
                "broker", "127.0.0.1:7480",
                "licence", "LIC-FLAG",
                "product", "contabilidad",
                "version", "2026.1"),
            "127.0.0.1:7480",
            "LIC-FLAG"));
  }

  @ParameterizedTest
  @MethodSource
  void precedence(
      Map<String, String> system,
      Map<String, String> user,
      Map<String, String> flags,
      String broker,
      String licence)
      throws SettingsException {
    HelperSettings settings = resolve(system, user, flags);

    assertThat(settings.broker()).isEqualTo(Endpoint.parse(broker));
    assertThat(settings.licence()).isEqualTo(licence);
    assertThat(settings.product()).isEqualTo("contabilidad");
  }

  /** P11: the vendor names a secret by its digest, so it is never written in clear here. */
  @Test
  void theVendorNamesSecretsToHideByTheirDigests() throws Exception {
    String one = puente.text.Secrets.sha256("Tl4loc#2026");
    String two = puente.text.Secrets.sha256("otra-clave");
    Map<String, String> system = new java.util.HashMap<>(COMPLETE);
    system.put("chat.hide.sha256", one + ", " + two.toUpperCase(java.util.Locale.ROOT));

    assertThat(resolve(system, Map.of(), Map.of()).hiddenDigests()).containsExactly(one, two);
    assertThat(resolve(COMPLETE, Map.of(), Map.of()).hiddenDigests()).isEmpty();
  }

  @Test
  void aSecretWrittenInClearInsteadOfItsDigestIsRefusedNamingTheFile() {
    Map<String, String> system = new java.util.HashMap<>(COMPLETE);
    system.put("chat.hide.sha256", "Tl4loc#2026");

    assertThatThrownBy(() -> resolve(system, Map.of(), Map.of()))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .contains("«chat.hide.sha256»")
                    .contains("huellas SHA-256")
                    .contains(FILES.get(0).toString()));
  }

  /** The three ways to give the version are one setting: the highest layer naming one decides. */
  @Test
  void theCustomersVersionFileOverridesTheVendorsFixedVersion() throws Exception {
    Path version = Files.writeString(dir.resolve("VERSION"), "\n  2026.3  \nbasura\n");

    HelperSettings settings =
        resolve(COMPLETE, Map.of("version.file", version.toString()), Map.of());

    assertThat(settings.installedVersion()).isEqualTo("2026.3");
  }

  @Test
  void theVersionFlagOverridesEveryFile() throws Exception {
    Path version = Files.writeString(dir.resolve("VERSION"), "2026.3\n");
    Map<String, String> system = new java.util.HashMap<>(COMPLETE);
    system.remove("version");
    system.put("version.file", version.toString());

    assertThat(resolve(system, Map.of(), Map.of("version", "2025.9")).installedVersion())
        .isEqualTo("2025.9");
    assertThat(resolve(system, Map.of(), Map.of()).installedVersion()).isEqualTo("2026.3");
  }

  @Test
  void readsTheVersionUnderAKeyOfTheProgramsOwnFile() throws Exception {
    Path ini =
        Files.writeString(
            dir.resolve("contabilidad.ini"), "[General]\nNombre=Contabilidad\nVersion=2026.2.1\n");

    HelperSettings settings =
        resolve(
            COMPLETE,
            Map.of("version.file", ini.toString(), "version.file.key", "Version"),
            Map.of());

    assertThat(settings.installedVersion()).isEqualTo("2026.2.1");
  }

  @Test
  void readsTheVersionFromTheRegistryThroughTheSeam() throws Exception {
    Registry registry =
        (hive, key, value) ->
            hive == Hive.LOCAL_MACHINE
                    && key.equals("SOFTWARE\\Contadores\\Contabilidad")
                    && value.equals("Version")
                ? Optional.of("2026.3")
                : Optional.empty();
    Map<String, String> system = new java.util.HashMap<>(COMPLETE);
    system.remove("version");
    system.put("version.registry", "HKLM\\SOFTWARE\\Contadores\\Contabilidad");
    system.put("version.registry.value", "Version");

    assertThat(resolve(system, Map.of(), Map.of(), registry).installedVersion())
        .isEqualTo("2026.3");
    system.put("version.registry.value", "Otra");
    assertThatThrownBy(() -> resolve(system, Map.of(), Map.of(), registry))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .isEqualTo(
                        "En el registro de Windows no existe el valor «Otra» de la clave"
                            + " HKLM\\SOFTWARE\\Contadores\\Contabilidad (ajustes"
                            + " «version.registry» y version.registry.value del archivo "
                            + SYSTEM
                            + "). ¿Está instalado el programa?"));
  }

  @Test
  void theRegistryOutsideWindowsIsExplained() {
    Map<String, String> system = new java.util.HashMap<>(COMPLETE);
    system.remove("version");
    system.put("version.registry", "HKLM\\SOFTWARE\\Contadores");
    system.put("version.registry.value", "Version");

    assertThatThrownBy(() -> resolve(system, Map.of(), Map.of(), null))
        .satisfies(e -> assertThat(spanish(e)).contains("este equipo no es Windows"));
  }

  @Test
  void twoVersionSourcesInOneFileAreRefused() {
    assertThatThrownBy(
            () -> resolve(COMPLETE, Map.of("version", "1", "version.file", "/x"), Map.of()))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .isEqualTo(
                        "El archivo "
                            + USER
                            + " indica la versión instalada de varias formas (version,"
                            + " version.file). Deje solo una."));
  }

  @Test
  void aMissingVersionFileSaysWhichSettingNamedIt() {
    String missing = dir.resolve("no-existe").toString();

    assertThatThrownBy(
            () -> resolve(Map.of(), Map.of("version.file", missing), COMPLETE_NO_VERSION))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .isEqualTo(
                        "No se encontró el archivo «"
                            + missing
                            + "» que indica el ajuste «version.file» del archivo "
                            + USER
                            + ", de donde se lee la versión instalada. ¿Está instalado el"
                            + " programa?"));
  }

  private static final Map<String, String> COMPLETE_NO_VERSION =
      Map.of("broker", "127.0.0.1:7480", "licence", "L", "product", "contabilidad");

  @Test
  void aMissingSettingNamesBothFilesAndTheFlag() {
    assertThatThrownBy(
            () ->
                resolve(
                    Map.of("broker", "a:1", "product", "contabilidad", "version", "1"),
                    Map.of(),
                    Map.of()))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .isEqualTo(
                        "Falta el ajuste «licence». Escríbalo en uno de estos archivos:\n  "
                            + SYSTEM
                            + System.lineSeparator()
                            + "  "
                            + USER
                            + "\no indíquelo con la opción --licence."));
  }

  @Test
  void anInvalidValueNamesItsFileAndKeyOrItsFlag() {
    Map<String, String> badBroker = new java.util.HashMap<>(COMPLETE);
    badBroker.put("broker", "soporte.ejemplo.mx");

    assertThatThrownBy(() -> resolve(badBroker, Map.of(), Map.of()))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .isEqualTo(
                        "El ajuste «broker» del archivo "
                            + SYSTEM
                            + " no es una dirección válida: «soporte.ejemplo.mx». Se espera"
                            + " servidor:puerto, por ejemplo soporte.ejemplo.mx:7480."));
    assertThatThrownBy(() -> resolve(COMPLETE, Map.of(), Map.of("service", "x:0")))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .startsWith("La opción --service no es una dirección válida: «x:0»."));
    assertThatThrownBy(() -> resolve(COMPLETE, Map.of("plaintext", "sí"), Map.of()))
        .satisfies(
            e ->
                assertThat(spanish(e))
                    .isEqualTo(
                        "El ajuste «plaintext» del archivo "
                            + USER
                            + " debe ser true o false, no «sí»."));
  }

  @Test
  void aMisspelledKeyIsNamedWithItsFile() {
    assertThatThrownBy(() -> resolve(COMPLETE, Map.of("licencia", "LIC-1"), Map.of()))
        .satisfies(
            e -> assertThat(spanish(e)).startsWith("El ajuste «licencia» del archivo " + USER));
  }

  @Test
  void optionalSettingsKeepTheirDefaults() throws SettingsException {
    HelperSettings settings = resolve(COMPLETE, Map.of(), Map.of());

    assertThat(settings.service()).isNull();
    assertThat(settings.tlsCa()).isNull();
    assertThat(settings.plaintext()).isFalse();
    assertThat(settings.locale()).isNull();
  }

  @Test
  void theLocaleOfTheHighestLayerIsReadFirst() {
    List<SettingsLayer> layers =
        List.of(
            new SettingsLayer(SYSTEM, Map.of("locale", "en")),
            new SettingsLayer(USER, Map.of("locale", "es-MX")),
            new SettingsLayer(SettingsLayer.COMMAND_LINE, Map.of()));

    assertThat(HelperSettings.requestedLocale(layers)).isEqualTo("es-MX");
  }

  private HelperSettings resolve(
      Map<String, String> system, Map<String, String> user, Map<String, String> flags)
      throws SettingsException {
    return resolve(system, user, flags, null);
  }

  private static HelperSettings resolve(
      Map<String, String> system,
      Map<String, String> user,
      Map<String, String> flags,
      Registry registry)
      throws SettingsException {
    List<SettingsLayer> layers = new ArrayList<>();
    layers.add(new SettingsLayer(SYSTEM, system));
    layers.add(new SettingsLayer(USER, user));
    layers.add(new SettingsLayer(SettingsLayer.COMMAND_LINE, flags));
    return HelperSettings.resolve(layers, FILES, registry);
  }

  /** The message the customer reads, from the shipped Spanish bundle. */
  private static String spanish(Throwable thrown) {
    SettingsException problem = (SettingsException) thrown;
    return Messages.load("puente.customer.settings", Locales.SPANISH_MEXICO)
        .text(problem.messageKey(), problem.arguments());
  }
}
