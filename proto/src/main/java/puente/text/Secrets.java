package puente.text;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P11: the SQL Server database password never travels or shows as text. Configured secret values
 * and recognisable password forms (connection-string {@code Password=…}, {@code sa} with a
 * password, "contraseña: …") are replaced by a mask. The broker masks what it relays and stores;
 * the helper masks its own chat view before it is drawn, with the same recogniser.
 */
public final class Secrets {
  /** What replaces a secret. */
  public static final String MASK = "[oculto]";

  // A secret value: up to a separator, and never the mask itself (so patterns do not overlap).
  private static final String VALUE = "(?!\\[oculto\\])([^;\\s]+)";

  private static final List<Pattern> PATTERNS =
      List.of(
          // Password=...; / Pwd=... in connection strings.
          Pattern.compile("(?i)\\b(password|pwd)\\s*=\\s*" + VALUE),
          // "contraseña: x", "password is x", "clave de sa: x".
          Pattern.compile(
              "(?i)\\b(contrase(?:ñ|n)a|password|clave)(?:\\s+(?:de|del|of|for|para))?"
                  + "(?:\\s+(?:sa|usuario sa|la base|la bd|sql))?\\s*(?:es|is|:|=)\\s*"
                  + VALUE),
          // "sa / x" or "sa:x" as a login pair.
          Pattern.compile("(?i)\\b(sa)\\s*[/:]\\s*" + VALUE));

  private final List<String> values;

  private Secrets(List<String> values) {
    this.values = values;
  }

  /**
   * A recogniser of password forms and of the given exact values.
   *
   * @param values exact values never to relay or show (e.g. the vendor's SQL Server password);
   *     values shorter than 4 characters are ignored, they would mask ordinary words
   * @return the recogniser
   */
  public static Secrets of(List<String> values) {
    requireNonNull(values, "values");
    return new Secrets(
        values.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).toList());
  }

  /** A recogniser of password forms only. */
  public static Secrets passwordForms() {
    return new Secrets(List.of());
  }

  /**
   * Masks every secret in a text.
   *
   * @param text any text
   * @return the text with secrets masked; the same instance when there were none
   */
  public String mask(String text) {
    String result = text;
    for (String secret : values) {
      result = result.replace(secret, MASK);
    }
    for (Pattern pattern : PATTERNS) {
      Matcher matcher = pattern.matcher(result);
      StringBuilder out = new StringBuilder();
      boolean found = false;
      while (matcher.find()) {
        found = true;
        String whole = matcher.group();
        String value = matcher.group(2);
        matcher.appendReplacement(
            out,
            Matcher.quoteReplacement(whole.substring(0, whole.length() - value.length()) + MASK));
      }
      if (found) {
        matcher.appendTail(out);
        result = out.toString();
      }
    }
    return result.equals(text) ? text : result;
  }
}
