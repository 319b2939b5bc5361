package puente.customer.settings;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One source of the helper's settings: a file the vendor's installer placed, the customer's own
 * file, or the command line. Later layers override earlier ones key by key.
 *
 * @param origin where the values come from: a file's path, or {@link #COMMAND_LINE}
 * @param values the settings by key ({@code broker}, {@code licence}, …)
 */
public record SettingsLayer(String origin, Map<String, String> values) {
  /** The origin of the layer built from command-line flags. */
  public static final String COMMAND_LINE = "--";

  /** Copies the values. */
  public SettingsLayer {
    requireNonNull(origin, "origin");
    values = Map.copyOf(requireNonNull(values, "values"));
  }

  /** Tells whether the values come from command-line flags rather than a file. */
  public boolean isCommandLine() {
    return origin.equals(COMMAND_LINE);
  }
}
