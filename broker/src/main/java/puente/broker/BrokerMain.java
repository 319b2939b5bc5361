package puente.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import puente.broker.admin.AdminSocket;
import puente.broker.admin.AgentCommands;
import puente.broker.admin.ApiKeyCommands;
import puente.broker.admin.InBroker;
import puente.broker.admin.LicenceCommands;
import puente.broker.admin.PolicyCommands;
import puente.broker.config.BrokerConfig;
import puente.broker.config.BrokerHome;
import puente.broker.config.ConfigException;
import puente.broker.config.ConfigLoader;

/** The broker's command line: {@code serve} (the default) and the operator's admin commands. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    version = "Puente broker 0.1",
    description = "Puente remote-assistance broker.",
    subcommands = {
      AgentCommands.class,
      ApiKeyCommands.class,
      LicenceCommands.class,
      PolicyCommands.class
    })
public final class BrokerMain implements Callable<Integer> {
  @Option(names = "--config", description = "YAML configuration file (defaults are built in).")
  Path configFile;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description =
          "Where the broker keeps its data (default: $PUENTE_HOME, else ~/.local/share/puente).")
  Path home;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Overrides one configuration key, e.g. --set grpc.port=7480.")
  List<String> overrides = new ArrayList<>();

  @Spec CommandSpec spec;

  // Set when the running broker runs a command that came through its admin socket.
  private InBroker inBroker;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(new CommandLine(new BrokerMain()).execute(args));
  }

  /** Starts the broker and serves until interrupted. */
  @Override
  public Integer call() throws IOException, InterruptedException {
    if (inBroker != null) {
      spec.commandLine().getErr().println("refused: the broker is already running");
      return 2;
    }
    BrokerConfig config = loadConfig();
    if (config == null) {
      return 2;
    }
    Broker broker;
    try {
      broker = new Broker(config, Clock.systemUTC());
      broker.takingCommands(commands(config, broker)).start();
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

  /**
   * Loads the configuration from the root command's options, printing the error if bad.
   *
   * @return the configuration, or null after printing why it is bad
   */
  public BrokerConfig loadConfig() {
    try {
      return new ConfigLoader(BrokerHome.resolve(home)).load(configFile, overrides);
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return null;
    }
  }

  /** What a command runs with inside the broker, or null in a command's own process. */
  public InBroker inBroker() {
    return inBroker;
  }

  /**
   * How a broker runs the command lines that come through its admin socket: each as in its own
   * process, on the broker's open database.
   *
   * @param config the broker's configuration
   * @param broker the broker (started by the time a command comes)
   * @return what the broker's admin socket runs
   */
  public static AdminSocket.Commands commands(BrokerConfig config, Broker broker) {
    return (request, operator, out, err) -> {
      BrokerMain root = new BrokerMain();
      root.inBroker = new InBroker(config, broker.database(), operator, request.password());
      CommandLine line = new CommandLine(root).setOut(out).setErr(err);
      // File names resolve in the folder the operator typed them in.
      line.registerConverter(Path.class, name -> request.cwd().resolve(name));
      return line.execute(request.args().toArray(String[]::new));
    };
  }

  /** The root command of a subcommand, for its configuration options. */
  public static BrokerMain root(CommandLine.Model.CommandSpec spec) {
    CommandLine line = spec.commandLine();
    while (line.getParent() != null) {
      line = line.getParent();
    }
    return (BrokerMain) line.getCommand();
  }
}
