package puente.broker.http.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timeline entry's detail as the ticket rules write it: a leading state move ({@code NEW->OPEN}),
 * its core, and the notes after the first {@code "; "}.
 */
record TimelineDetail(String move, String from, String to, String core, List<String> rest) {
  private static final Pattern MOVE = Pattern.compile("^([A-Z_]+)->([A-Z_]+)(?: (.*))?$");

  static TimelineDetail of(String detail) {
    List<String> parts = new ArrayList<>(Arrays.asList(detail.split("; ")));
    String first = parts.remove(0);
    Matcher m = MOVE.matcher(first);
    if (m.matches()) {
      return new TimelineDetail(
          first, m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3), parts);
    }
    return new TimelineDetail(null, null, null, first, parts);
  }

  String note() {
    return String.join("; ", rest);
  }
}
