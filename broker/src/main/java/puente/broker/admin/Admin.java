package puente.broker.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import picocli.CommandLine;
import puente.broker.BrokerMain;
import puente.broker.config.BrokerConfig;
import puente.broker.policy.SupportPolicy;
import puente.broker.store.Database;
import puente.broker.store.SharedH2;

/** What the operator's commands share: the broker's configuration, database and policy. */
final class Admin {
  /** Exit code for a bad command line or configuration. */
  static final int USAGE = 2;

  /** How the commands print an instant: UTC, to the second, the zone named. */
  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Admin() {}

  /** The configuration named by the root command's options, or null after printing why not. */
  static BrokerConfig config(CommandLine.Model.CommandSpec spec) {
    return BrokerMain.root(spec).loadConfig();
  }

  /** Opens the configured database (migrating it if needed). */
  static Database open(BrokerConfig config) {
    BrokerConfig.Database settings = SharedH2.reach(config.database());
    if (SharedH2.isNewFile(settings)) {
      // Said on stderr so a mistyped --home does not pass for an empty but real database.
      System.err.println("Base de datos nueva / new database: " + settings.url());
    }
    return Database.open(settings);
  }

  /** The configured support policy. */
  static SupportPolicy policy(BrokerConfig config) {
    return config.policy().file() == null
        ? SupportPolicy.defaults()
        : SupportPolicy.load(config.policy().file());
  }

  /** Who runs the command, for the audit log: the OS user. */
  static String operator() {
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "operator" : user;
  }

  /** Reads a password from the terminal (twice) or one line of standard input. */
  static char[] readPassword(boolean fromStdin) throws IOException {
    if (fromStdin) {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? null : line.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      System.err.println("no terminal: use --password-stdin");
      return null;
    }
    char[] first = console.readPassword("Password: ");
    char[] second = console.readPassword("Repeat password: ");
    if (first == null || !Arrays.equals(first, second)) {
      System.err.println("the passwords differ");
      return null;
    }
    return first;
  }
}
