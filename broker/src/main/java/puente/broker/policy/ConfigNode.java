package puente.broker.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value in the policy file together with its key path, so every error names where it is: {@code
 * officeHours.monday[1].end: "25:00" is not a time (expected HH:mm)}.
 */
final class ConfigNode {

  private static final Pattern TIME = Pattern.compile("(\\d{2}):(\\d{2})");

  private final String path;
  private final JsonNode node;

  ConfigNode(String path, JsonNode node) {
    this.path = path;
    this.node = node;
  }

  String path() {
    return path;
  }

  PolicyConfigException fail(String reason) {
    return new PolicyConfigException(path, reason);
  }

  /** Requires a mapping whose keys are all in {@code allowed}. */
  ConfigNode object(Collection<String> allowed) {
    if (!node.isObject()) {
      throw fail(describe() + " is not a mapping (expected keys " + allowed + ")");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw child(key).fail("unknown key (expected one of " + allowed + ")");
      }
    }
    return this;
  }

  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  ConfigNode get(String key) {
    if (!has(key)) {
      throw child(key).fail("missing");
    }
    return child(key);
  }

  Optional<ConfigNode> opt(String key) {
    return has(key) ? Optional.of(child(key)) : Optional.empty();
  }

  private ConfigNode child(String key) {
    return new ConfigNode(path.isEmpty() ? key : path + "." + key, node.path(key));
  }

  /** Requires a sequence; {@code null} counts as empty. */
  List<ConfigNode> list() {
    if (node.isNull() || node.isMissingNode()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw fail(describe() + " is not a list");
    }
    List<ConfigNode> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      out.add(new ConfigNode(path + "[" + i + "]", node.get(i)));
    }
    return out;
  }

  /** Requires a mapping and returns its entries in file order. */
  Map<String, ConfigNode> entries() {
    if (!node.isObject()) {
      throw fail(describe() + " is not a mapping");
    }
    Map<String, ConfigNode> out = new LinkedHashMap<>();
    node.fieldNames().forEachRemaining(k -> out.put(k, child(k)));
    return out;
  }

  String text() {
    if (!node.isTextual()) {
      throw fail(describe() + " is not text" + (node.isNumber() ? " (quote it)" : ""));
    }
    if (node.asText().isBlank()) {
      throw fail("is blank");
    }
    return node.asText().trim();
  }

  int integer(int min, int max) {
    if (!node.isInt() || node.asInt() < min || node.asInt() > max) {
      throw fail(describe() + " is not a whole number from " + min + " to " + max);
    }
    return node.asInt();
  }

  boolean bool() {
    if (!node.isBoolean()) {
      throw fail(describe() + " is not true or false");
    }
    return node.asBoolean();
  }

  /** Parses {@code HH:mm}; with {@code endOfDay}, also {@code 24:00} (as midnight). */
  LocalTime time(boolean endOfDay) {
    String expected = "(expected HH:mm" + (endOfDay ? " or 24:00)" : ")");
    if (!node.isTextual()) {
      throw fail(describe() + " is not a time " + expected + "; quote it, e.g. \"09:00\"");
    }
    Matcher m = TIME.matcher(node.asText().trim());
    if (m.matches()) {
      int hour = Integer.parseInt(m.group(1));
      int minute = Integer.parseInt(m.group(2));
      if (endOfDay && hour == 24 && minute == 0) {
        return LocalTime.MIDNIGHT;
      }
      try {
        return LocalTime.of(hour, minute);
      } catch (DateTimeException e) {
        // fall through to the error below
      }
    }
    throw fail(describe() + " is not a time " + expected);
  }

  LocalDate date() {
    try {
      if (node.isTextual()) {
        return LocalDate.parse(node.asText().trim());
      }
    } catch (DateTimeParseException e) {
      // fall through to the error below
    }
    throw fail(describe() + " is not a date (expected yyyy-MM-dd)");
  }

  /** Requires an absolute http(s) URL. */
  String url() {
    String text = text();
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return text;
      }
    } catch (URISyntaxException e) {
      // fall through to the error below
    }
    throw fail(describe() + " is not an http(s) URL");
  }

  /** Parses an enum written as {@code outOfScope}, {@code out-of-scope} or {@code OUT_OF_SCOPE}. */
  <E extends Enum<E>> E enumValue(Class<E> type) {
    String text = text();
    String normal = text.replaceAll("([a-z])([A-Z])", "$1_$2").replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(normal)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(camel(e.name()));
    }
    throw fail(describe() + " is not one of " + names);
  }

  private static String camel(String name) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  /** The value as the error message shows it. */
  private String describe() {
    if (node.isTextual()) {
      return "\"" + node.asText() + "\"";
    }
    if (node.isMissingNode() || node.isNull()) {
      return "nothing";
    }
    String text = node.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
