package puente.customer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * The helper's log: technical details (reason codes, session ids, error text) that support staff
 * may ask for, kept out of what the customer reads. One file in the system's temporary folder.
 */
final class HelperLog {
  private static final Path FILE =
      Path.of(System.getProperty("java.io.tmpdir"), "puente-helper.log");

  private HelperLog() {}

  /** Where the log is written. */
  static Path file() {
    return FILE;
  }

  /** Appends one event with its details; a log that cannot be written is not the customer's. */
  static synchronized void write(String event, List<String> details) {
    StringBuilder line = new StringBuilder().append(Instant.now()).append(' ').append(event);
    details.forEach(d -> line.append(" | ").append(d));
    line.append(System.lineSeparator());
    try {
      Files.writeString(
          FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // Nothing to tell the customer: the details are for support staff only.
    }
  }
}
