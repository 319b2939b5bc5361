package puente.broker;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.Role;
import puente.broker.config.BrokerConfig;
import puente.broker.config.ConfigException;
import puente.broker.config.ConfigLoader;
import puente.broker.policy.Licence;
import puente.broker.policy.LicenceMode;
import puente.broker.store.AgentStore;
import puente.broker.store.Database;
import puente.broker.store.LicenceStore;

/** The broker's command line: {@code serve} (the default) and the operator's admin commands. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    version = "Puente broker 0.1",
    description = "Puente remote-assistance broker.",
    subcommands = {BrokerMain.Agents.class, BrokerMain.Licences.class})
public final class BrokerMain implements Callable<Integer> {
  @Option(names = "--config", description = "YAML configuration file (defaults are built in).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Overrides one configuration key, e.g. --set grpc.port=7480.")
  List<String> overrides = new ArrayList<>();

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(new CommandLine(new BrokerMain()).execute(args));
  }

  /** Starts the broker and serves until interrupted. */
  @Override
  public Integer call() throws IOException, InterruptedException {
    BrokerConfig config = loadConfig();
    if (config == null) {
      return 2;
    }
    Broker broker;
    try {
      broker = new Broker(config, Clock.systemUTC()).start();
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    broker.stop();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "puente-shutdown"));
    broker.blockUntilShutdown();
    return 0;
  }

  BrokerConfig loadConfig() {
    try {
      return new ConfigLoader().load(configFile, overrides);
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return null;
    }
  }

  /** {@code broker agent add}: staff accounts. */
  @Command(name = "agent", description = "Manages staff accounts.", subcommands = Agents.Add.class)
  static final class Agents {
    @Command(name = "add", description = "Creates an account; asks for the password.")
    static final class Add implements Callable<Integer> {
      @CommandLine.ParentCommand Agents parent;

      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Parameters(index = "0", description = "User name.")
      String username;

      @Option(names = "--name", required = true, description = "Name shown to customers.")
      String displayName;

      @Option(names = "--role", defaultValue = "agent", description = "agent, specialist or supervisor.")
      String role;

      @Option(names = "--password-stdin", description = "Reads the password from standard input.")
      boolean passwordStdin;

      @Override
      public Integer call() throws IOException {
        BrokerMain root = root(spec);
        BrokerConfig config = root.loadConfig();
        if (config == null) {
          return 2;
        }
        char[] password = readPassword(passwordStdin);
        if (password == null || password.length < 8) {
          System.err.println("password: at least 8 characters are required");
          return 2;
        }
        try (Database database = Database.open(config.database())) {
          new AgentStore(database)
              .add(username, displayName, Role.parse(role), new PasswordHasher().hash(password),
                  Clock.systemUTC().instant());
          System.out.println("agent " + username + " (" + role + ") created");
          return 0;
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 1;
        } finally {
          Arrays.fill(password, '\0');
        }
      }
    }
  }

  /** {@code broker licence add}: the vendor's licences. */
  @Command(
      name = "licence",
      description = "Manages licences.",
      subcommands = Licences.Add.class)
  static final class Licences {
    @Command(name = "add", description = "Adds a licence.")
    static final class Add implements Callable<Integer> {
      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Parameters(index = "0", description = "Licence key.")
      String key;

      @Option(names = "--customer", required = true, description = "Customer name.")
      String customer;

      @Option(names = "--product", required = true, description = "Product id, e.g. contabilidad.")
      String product;

      @Option(names = "--mode", required = true, description = "rental or purchase.")
      String mode;

      @Option(names = "--starts", required = true,
          description = "Rental start or purchase date (YYYY-MM-DD).")
      LocalDate starts;

      @Option(names = "--ends", description = "First day after a rental (YYYY-MM-DD).")
      LocalDate ends;

      @Option(names = "--update", description = "Date a paid update was paid (repeatable).")
      List<LocalDate> updates = new ArrayList<>();

      @Override
      public Integer call() {
        BrokerConfig config = root(spec).loadConfig();
        if (config == null) {
          return 2;
        }
        try (Database database = Database.open(config.database())) {
          LicenceMode licenceMode = LicenceMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
          Licence licence = new Licence(key, customer, product, licenceMode, starts, ends, updates);
          new LicenceStore(database).add(licence, Clock.systemUTC().instant());
          System.out.println("licence " + key + " added for " + customer);
          return 0;
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 1;
        }
      }
    }
  }

  static BrokerMain root(CommandLine.Model.CommandSpec spec) {
    CommandLine line = spec.commandLine();
    while (line.getParent() != null) {
      line = line.getParent();
    }
    return (BrokerMain) line.getCommand();
  }

  static char[] readPassword(boolean fromStdin) throws IOException {
    if (fromStdin) {
      String line =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
              .readLine();
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
