package puente.customer.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * The Windows registry as the helper reads it: one text value under a key. The seam between reading
 * the installed version ({@link InstalledVersion}) and the operating system ({@link
 * WindowsRegistry}), so the rules are tested anywhere with a fake.
 */
public interface Registry {
  /** The registry's top-level keys a vendor's installer writes to. */
  enum Hive {
    LOCAL_MACHINE,
    CURRENT_USER
  }

  /**
   * Reads a text value.
   *
   * @param hive the top-level key
   * @param key the key under it, e.g. {@code SOFTWARE\Contadores\Contabilidad}
   * @param value the value's name, e.g. {@code Version}
   * @return the text, or empty if the key or the value does not exist
   * @throws IllegalStateException if the value exists but is not text, or the system refuses
   */
  Optional<String> readString(Hive hive, String key, String value);

  /**
   * A key as Windows writes it, with its hive: {@code HKLM\SOFTWARE\Vendor\App} or {@code
   * HKEY_CURRENT_USER\Software\Vendor\App} ({@code /} works too).
   *
   * @param hive the top-level key
   * @param key the key under it, with backslashes
   */
  record Path(Hive hive, String key) {
    /**
     * Parses a key.
     *
     * @param text the key with its hive
     * @return the key
     * @throws IllegalArgumentException if the hive is not HKLM or HKCU, or there is no key under it
     */
    public static Path parse(String text) {
      String normalized = text.strip().replace('/', '\\');
      int slash = normalized.indexOf('\\');
      String root =
          (slash < 0 ? normalized : normalized.substring(0, slash)).toUpperCase(Locale.ROOT);
      String key = slash < 0 ? "" : normalized.substring(slash + 1).replaceAll("\\\\+$", "");
      Hive hive =
          switch (root) {
            case "HKLM", "HKEY_LOCAL_MACHINE" -> Hive.LOCAL_MACHINE;
            case "HKCU", "HKEY_CURRENT_USER" -> Hive.CURRENT_USER;
            default ->
                throw new IllegalArgumentException("hive: '" + root + "' (expected: HKLM or HKCU)");
          };
      if (key.isBlank()) {
        throw new IllegalArgumentException("key: empty (expected: HKLM\\SOFTWARE\\…)");
      }
      return new Path(hive, key);
    }
  }
}
