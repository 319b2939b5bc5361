package puente.broker.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A customer-facing message with {@code {name}} placeholders, parsed once at load. */
final class MessageTemplate {

  private final String text;
  private final List<String> parts; // even indexes literal text, odd indexes placeholder names

  private MessageTemplate(String text, List<String> parts) {
    this.text = text;
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the first unknown or unclosed placeholder
   */
  static MessageTemplate parse(String text, Set<String> known) {
    List<String> parts = new ArrayList<>();
    int pos = 0;
    while (true) {
      int open = text.indexOf('{', pos);
      if (open < 0) {
        parts.add(text.substring(pos));
        return new MessageTemplate(text, List.copyOf(parts));
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed \"{\" at character " + open);
      }
      String name = text.substring(open + 1, close);
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown placeholder {" + name + "} (expected one of " + known + ")");
      }
      parts.add(text.substring(pos, open));
      parts.add(name);
      pos = close + 1;
    }
  }

  /** Fills the placeholders; a missing value renders as an empty string. */
  String render(Map<String, String> values) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    for (int i = 0; i < parts.size(); i++) {
      out.append(i % 2 == 0 ? parts.get(i) : values.getOrDefault(parts.get(i), ""));
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageTemplate t && t.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
