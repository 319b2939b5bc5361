package puente.broker.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import puente.broker.BrokerMain;
import puente.broker.config.BrokerConfig;
import puente.broker.policy.SupportPolicy;
import puente.broker.store.Database;
import puente.broker.store.H2File;

/**
 * The one entry point of the operator's commands: each says what it does with an {@code Admin}, and
 * {@link #run} decides where that happens. In the broker (the command came through the admin
 * socket) it runs on the broker's open database; in a command's own process it is handed to the
 * running broker when there is one, else it runs on the database file directly.
 */
final class Admin {
  /** Exit code for a bad command line or configuration. */
  static final int USAGE = 2;

  /** How the commands print an instant: UTC, to the second, the zone named. */
  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /** What a command does once its configuration is known. */
  @FunctionalInterface
  interface Work {
    /**
     * Does the command's one thing.
     *
     * @return the exit code
     */
    int run(Admin admin) throws IOException;
  }

  /** A command that asks the operator for a password (read where the operator types it). */
  interface AsksPassword {
    /** Whether the password comes from standard input rather than the terminal. */
    boolean passwordStdin();
  }

  private final BrokerConfig config;
  private final InBroker inBroker;
  private final PrintWriter out;
  private final PrintWriter err;
  private Database opened;

  private Admin(BrokerConfig config, InBroker inBroker, PrintWriter out, PrintWriter err) {
    this.config = config;
    this.inBroker = inBroker;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs a command's work where it belongs (see the class comment).
   *
   * @param spec the command's spec, for its output and the root command's options
   * @param work what the command does
   * @return the exit code
   */
  static int run(CommandSpec spec, Work work) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BrokerMain root = BrokerMain.root(spec);
    try {
      InBroker inBroker = root.inBroker();
      if (inBroker != null) {
        return work.run(new Admin(inBroker.config(), inBroker, out, err));
      }
      BrokerConfig config = root.loadConfig();
      if (config == null) {
        return USAGE;
      }
      OptionalInt answered = handOver(spec, config, out, err);
      if (answered.isPresent()) {
        return answered.getAsInt();
      }
      Admin admin = new Admin(config, null, out, err);
      try {
        return work.run(admin);
      } finally {
        if (admin.opened != null) {
          admin.opened.close();
        }
      }
    } catch (IOException e) {
      err.println(e.getMessage());
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Hands the command line to the broker that holds the database, if one runs. */
  private static OptionalInt handOver(
      CommandSpec spec, BrokerConfig config, PrintWriter out, PrintWriter err) throws IOException {
    Optional<Path> socket = H2File.adminSocket(config);
    if (socket.isEmpty() || !AdminClient.mayAnswer(socket.get())) {
      return OptionalInt.empty();
    }
    char[] password = null;
    if (spec.userObject() instanceof AsksPassword asks) {
      password = readPassword(asks.passwordStdin(), err);
      if (password == null) {
        return OptionalInt.of(USAGE);
      }
    }
    try {
      AdminRequest request =
          new AdminRequest(
              spec.root().commandLine().getParseResult().originalArgs(),
              Path.of("").toAbsolutePath(),
              config.database().url(),
              password);
      return AdminClient.forward(socket.get(), request, out, err);
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  /** The command's standard output. */
  PrintWriter out() {
    return out;
  }

  /** The command's standard error. */
  PrintWriter err() {
    return err;
  }

  /**
   * Prints rows in columns under a header, or one line saying there are none.
   *
   * @param none what to print when there are no rows
   * @param format the {@code printf} format of one line, the header's too
   * @param columns one row's values, in the header's order (null prints as {@code null})
   */
  <T> void table(
      List<T> rows,
      String none,
      String format,
      List<String> header,
      Function<T, Object[]> columns) {
    if (rows.isEmpty()) {
      out.println(none);
      return;
    }
    out.printf(format, header.toArray());
    for (T row : rows) {
      out.printf(format, columns.apply(row));
    }
  }

  /** The broker's database: the broker's own pool, or the file opened for this command. */
  Database database() {
    if (inBroker != null) {
      return inBroker.database();
    }
    if (opened == null) {
      BrokerConfig.Database settings = config.database();
      if (H2File.isNewFile(settings)) {
        // Said on stderr so a mistyped --home does not pass for an empty but real database.
        err.println("Base de datos nueva / new database: " + settings.url());
      }
      opened = Database.open(H2File.reachedDirectly(settings));
    }
    return opened;
  }

  /** The configured support policy (the running broker's, when it runs the command). */
  SupportPolicy policy() {
    return config.policy().file() == null
        ? SupportPolicy.defaults()
        : SupportPolicy.load(config.policy().file());
  }

  /** Now, for the records a command writes. */
  Instant now() {
    return Clock.systemUTC().instant();
  }

  /**
   * Who runs the command, for the audit log: the OS user the admin socket's peer credentials name,
   * or this process's user.
   */
  String operator() {
    if (inBroker != null) {
      return inBroker.operator();
    }
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "operator" : user;
  }

  /**
   * The password the operator typed: read here, or, in the broker, the one the command's process
   * read and sent. The caller wipes it.
   *
   * @return the password, or null after printing why there is none
   */
  char[] password(boolean fromStdin) throws IOException {
    if (inBroker == null) {
      return readPassword(fromStdin, err);
    }
    if (inBroker.password() == null) {
      err.println("no password was sent with the command");
      return null;
    }
    return inBroker.password().clone();
  }

  /** Reads a password from the terminal (twice, not echoed) or one line of standard input. */
  private static char[] readPassword(boolean fromStdin, PrintWriter err) throws IOException {
    if (fromStdin) {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        err.println("no password on standard input");
        return null;
      }
      return line.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      err.println("no terminal: use --password-stdin");
      return null;
    }
    char[] first = console.readPassword("Password: ");
    char[] second = console.readPassword("Repeat password: ");
    if (first == null || !Arrays.equals(first, second)) {
      err.println("the passwords differ");
      return null;
    }
    return first;
  }
}
