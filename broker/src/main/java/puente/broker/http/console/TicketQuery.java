package puente.broker.http.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The filter form as the staff member filled it in, kept to show it again. */
public record TicketQuery(
    String state, String category, String agent, String customer, String from, String to) {
  /** The same query on another page, as a URL. */
  public String href(int page) {
    StringBuilder out = new StringBuilder(Console.TICKETS + "?page=" + page);
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("state", state);
    parts.put("category", category);
    parts.put("agent", agent);
    parts.put("customer", customer);
    parts.put("from", from);
    parts.put("to", to);
    parts.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            out.append('&')
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return out.toString();
  }
}
