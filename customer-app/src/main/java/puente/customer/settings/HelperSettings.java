package puente.customer.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import puente.client.Endpoint;

/**
 * What the helper needs to register, put together from the vendor's file, the customer's file and
 * the command line (lowest precedence first, key by key), so a desktop shortcut starts it with no
 * flags at all.
 *
 * @param broker the support server
 * @param licence the customer's licence key
 * @param product the product id, e.g. {@code contabilidad}
 * @param installedVersion the installed version of the product, see {@link InstalledVersion}
 * @param service the TCP service to share by tunnel, or null
 * @param tlsCa certificates to trust for TLS, or null for the system's
 * @param plaintext true to connect without TLS to a broker that is not local
 * @param locale the language the customer asked for, or null to follow the system
 * @param hiddenDigests SHA-256 digests of secrets the helper never shows in its own chat (P11),
 *     from {@code chat.hide.sha256}; empty when none are set
 */
public record HelperSettings(
    Endpoint broker,
    String licence,
    String product,
    String installedVersion,
    Endpoint service,
    Path tlsCa,
    boolean plaintext,
    String locale,
    List<String> hiddenDigests) {
  static final String BROKER = "broker";
  static final String LICENCE = "licence";
  static final String PRODUCT = "product";
  static final String VERSION = "version";
  static final String VERSION_FILE = "version.file";
  static final String VERSION_FILE_KEY = "version.file.key";
  static final String VERSION_REGISTRY = "version.registry";
  static final String VERSION_REGISTRY_VALUE = "version.registry.value";
  static final String SERVICE = "service";
  static final String TLS_CA = "tls.ca";
  static final String PLAINTEXT = "plaintext";
  static final String LOCALE = "locale";
  static final String CHAT_HIDE = "chat.hide.sha256";

  /** Every key a settings file may hold. */
  public static final Set<String> KEYS =
      Set.of(
          BROKER,
          LICENCE,
          PRODUCT,
          VERSION,
          VERSION_FILE,
          VERSION_FILE_KEY,
          VERSION_REGISTRY,
          VERSION_REGISTRY_VALUE,
          SERVICE,
          TLS_CA,
          PLAINTEXT,
          LOCALE,
          CHAT_HIDE);

  /**
   * Puts the settings together.
   *
   * @param layers lowest precedence first: system-wide file, per-user file, command line
   * @param files the files a missing setting may be written in, for the message
   * @param registry the Windows registry, or null elsewhere
   * @return the settings
   * @throws SettingsException naming the file and key (or the flag) of the first problem
   */
  public static HelperSettings resolve(
      List<SettingsLayer> layers, List<Path> files, Registry registry) throws SettingsException {
    Map<String, Setting> merged = new HashMap<>();
    for (SettingsLayer layer : layers) {
      for (Map.Entry<String, String> entry : layer.values().entrySet()) {
        if (!KEYS.contains(entry.getKey())) {
          throw new SettingsException("unknown_key", entry.getKey(), layer.origin());
        }
        merged.put(entry.getKey(), new Setting(entry.getKey(), entry.getValue(), layer));
      }
    }
    // One file per line, indented, in any language.
    String where =
        String.join(System.lineSeparator() + "  ", files.stream().map(Path::toString).toList());
    String version =
        InstalledVersion.read(layers, registry)
            .orElseThrow(() -> new SettingsException("missing.version", where));
    return new HelperSettings(
        endpoint(required(merged, BROKER, where)),
        text(required(merged, LICENCE, where)),
        text(required(merged, PRODUCT, where)),
        version,
        merged.containsKey(SERVICE) ? endpoint(merged.get(SERVICE)) : null,
        merged.containsKey(TLS_CA) ? trustFile(merged.get(TLS_CA)) : null,
        merged.containsKey(PLAINTEXT) && bool(merged.get(PLAINTEXT)),
        merged.containsKey(LOCALE) ? text(merged.get(LOCALE)) : null,
        merged.containsKey(CHAT_HIDE) ? digests(merged.get(CHAT_HIDE)) : List.of());
  }

  /**
   * The locale the layers ask for, read before anything else can go wrong so that every problem is
   * told in the customer's language.
   *
   * @param layers lowest precedence first
   * @return the last {@code locale} set, or null
   */
  public static String requestedLocale(List<SettingsLayer> layers) {
    String locale = null;
    for (SettingsLayer layer : layers) {
      String value = layer.values().get(LOCALE);
      if (value != null && !value.isBlank()) {
        locale = value;
      }
    }
    return locale;
  }

  private static Setting required(Map<String, Setting> merged, String key, String where)
      throws SettingsException {
    Setting setting = merged.get(key);
    if (setting == null) {
      throw new SettingsException("missing", key, where, "--" + key);
    }
    return setting;
  }

  private static String text(Setting setting) throws SettingsException {
    if (setting.value().isBlank()) {
      throw setting.invalid("empty");
    }
    return setting.value();
  }

  private static Endpoint endpoint(Setting setting) throws SettingsException {
    try {
      Endpoint endpoint = Endpoint.parse(text(setting));
      if (endpoint.port() == 0) {
        throw setting.invalid("endpoint");
      }
      return endpoint;
    } catch (IllegalArgumentException e) {
      throw setting.invalid("endpoint");
    }
  }

  private static Path trustFile(Setting setting) throws SettingsException {
    Path path = Path.of(text(setting));
    if (!Files.isReadable(path)) {
      throw setting.invalid("tls_ca_missing");
    }
    return path;
  }

  /** Comma-separated SHA-256 digests, as {@code printf %s SECRET | sha256sum} prints each. */
  private static List<String> digests(Setting setting) throws SettingsException {
    List<String> digests = new ArrayList<>();
    for (String part : text(setting).split(",")) {
      String digest = part.strip().toLowerCase(Locale.ROOT);
      if (!digest.matches("[0-9a-f]{64}")) {
        throw setting.invalid("digest");
      }
      digests.add(digest);
    }
    return List.copyOf(digests);
  }

  private static boolean bool(Setting setting) throws SettingsException {
    return switch (setting.value().strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw setting.invalid("boolean");
    };
  }
}
