package puente.broker.session;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P11: staff never hand out the SQL Server database password, and the broker keeps such secrets out
 * of what it relays or stores as text. Configured secret values and recognisable password forms
 * (connection-string {@code Password=…}, {@code sa} with a password, "contraseña: …") are replaced
 * by a mask.
 */
public final class Redactor {
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

  private final List<String> secrets;

  /**
   * A redactor.
   *
   * @param secrets exact values never to relay or store (e.g. the vendor's SQL Server password)
   */
  public Redactor(List<String> secrets) {
    this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).toList();
  }

  /**
   * Masks every secret in a text.
   *
   * @return the text with secrets masked; the same instance when there were none
   */
  public String redact(String text) {
    String result = text;
    for (String secret : secrets) {
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
