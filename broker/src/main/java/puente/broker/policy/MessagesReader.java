package puente.broker.policy;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code messages} section of the policy file. */
final class MessagesReader {

  private static final List<String> KEYS = allKeys();

  private MessagesReader() {}

  /**
   * Reads the messages. Over a base policy, a language present in both keeps the base's texts for
   * keys the file leaves out, and languages only in the base are kept.
   */
  static Messages read(Optional<ConfigNode> section, ConfigNode defaultLocale, Messages base) {
    Map<String, Map<String, String>> texts = new LinkedHashMap<>();
    if (base != null) {
      for (String tag : base.tags()) {
        Messages.Bundle b = base.bundle(tag);
        Map<String, String> t = new HashMap<>(b.patterns());
        b.templates().forEach((k, v) -> t.put(k, v.toString()));
        texts.put(tag, t);
      }
    }
    Map<String, String> paths = new HashMap<>();
    if (section.isPresent()) {
      for (Map.Entry<String, ConfigNode> e : section.get().entries().entrySet()) {
        String tag = e.getKey();
        ConfigNode lang = e.getValue();
        Locale locale = Locale.forLanguageTag(tag);
        if (locale.getLanguage().isEmpty() || !locale.toLanguageTag().equals(tag)) {
          throw lang.fail("\"" + tag + "\" is not a language tag (expected e.g. es-MX or en)");
        }
        paths.put(tag, lang.path());
        Map<String, String> t = texts.computeIfAbsent(tag, k -> new HashMap<>());
        lang.object(KEYS).entries().forEach((k, v) -> t.put(k, v.text()));
      }
    }
    String defaultTag = defaultLocale.text();
    if (!texts.containsKey(defaultTag)) {
      throw defaultLocale.fail(
          "\"" + defaultTag + "\" has no messages (expected one of " + texts.keySet() + ")");
    }
    Map<String, Messages.Bundle> bundles = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> e : texts.entrySet()) {
      String tag = e.getKey();
      String path = paths.getOrDefault(tag, "messages." + tag);
      bundles.put(tag, bundle(tag, path, e.getValue()));
    }
    return new Messages(defaultTag, bundles);
  }

  private static Messages.Bundle bundle(String tag, String path, Map<String, String> texts) {
    Map<String, MessageTemplate> templates = new HashMap<>();
    for (String key : Messages.TEMPLATE_KEYS) {
      String text = require(texts, path, key);
      try {
        templates.put(key, MessageTemplate.parse(text, Messages.PLACEHOLDERS));
      } catch (IllegalArgumentException ex) {
        throw new PolicyConfigException(path + "." + key, ex.getMessage());
      }
    }
    Map<String, String> patterns = new HashMap<>();
    for (String key : Messages.FORMAT_KEYS) {
      String pattern = require(texts, path, key);
      try {
        DateTimeFormatter.ofPattern(pattern);
      } catch (IllegalArgumentException ex) {
        throw new PolicyConfigException(
            path + "." + key, "\"" + pattern + "\" is not a date-time pattern: " + ex.getMessage());
      }
      patterns.put(key, pattern);
    }
    return Messages.bundle(tag, templates, patterns);
  }

  private static String require(Map<String, String> texts, String path, String key) {
    String text = texts.get(key);
    if (text == null) {
      throw new PolicyConfigException(path + "." + key, "missing");
    }
    return text;
  }

  private static List<String> allKeys() {
    List<String> keys = new ArrayList<>(Messages.TEMPLATE_KEYS);
    keys.addAll(Messages.FORMAT_KEYS);
    return List.copyOf(keys);
  }
}
