package puente.text;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

  // A word a secret may be: a run of characters up to a space, quote or separator.
  private static final Pattern WORD = Pattern.compile("[^\\s;,'\"]+");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

  private final List<String> values;
  private final Set<String> digests;

  private Secrets(List<String> values, Set<String> digests) {
    this.values = values;
    this.digests = digests;
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
        values.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).toList(), Set.of());
  }

  /** A recogniser of password forms only. */
  public static Secrets passwordForms() {
    return new Secrets(List.of(), Set.of());
  }

  /**
   * This recogniser, also masking every word whose SHA-256 is one of {@code sha256Hex}: a vendor
   * names its secret to a customer's machine without writing it there in clear.
   *
   * @param sha256Hex lowercase hexadecimal SHA-256 digests of the secrets' UTF-8 bytes
   * @return the wider recogniser
   * @throws IllegalArgumentException for a value that is not 64 lowercase hexadecimal digits
   */
  public Secrets withDigests(Collection<String> sha256Hex) {
    requireNonNull(sha256Hex, "sha256Hex");
    for (String digest : sha256Hex) {
      if (digest == null || !DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException(
            "digest: " + digest + " (expected: 64 lowercase hexadecimal digits)");
      }
    }
    Set<String> all = new HashSet<>(digests);
    all.addAll(sha256Hex);
    return new Secrets(values, Set.copyOf(all));
  }

  /**
   * The SHA-256 of a text's UTF-8 bytes, as {@link #withDigests} takes it.
   *
   * @param text any text
   * @return 64 lowercase hexadecimal digits
   */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
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
    if (!digests.isEmpty()) {
      result =
          WORD.matcher(result).replaceAll(m -> Matcher.quoteReplacement(maskedWord(m.group())));
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

  private String maskedWord(String word) {
    return digests.contains(sha256(word)) ? MASK : word;
  }
}
