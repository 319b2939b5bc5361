package puente.agent;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import puente.agent.tickets.TicketPrinter;
import puente.agent.tickets.TicketsCommand;
import puente.client.BrokerChannels;
import puente.client.ConfigDir;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.FailureText;
import puente.client.LaneDialer;
import puente.client.Locales;
import puente.client.Messages;
import puente.client.TerminalStreams;
import puente.client.UsageErrors;
import puente.v1.AgentServiceGrpc;
import puente.v1.TicketServiceGrpc;

/**
 * The agent's command line: {@code login}, {@code open}, {@code view}, {@code escalate}, {@code
 * queue}, {@code join}, {@code sessions}, {@code end}, {@code whoami}, {@code logout}, and {@code
 * tickets …} for the cases behind the sessions. Holds what the subcommands share: the terminal
 * streams, the locale, the saved login.
 */
@Command(
    name = "puente-agent",
    mixinStandardHelpOptions = true,
    version = "Puente agent 0.1",
    description =
        "Puente para agentes de soporte: abrir y ver las sesiones remotas de los clientes,"
            + " escalarlas y atender los casos de soporte.",
    subcommands = {
      LoginCommand.class,
      OpenCommand.class,
      ViewCommand.class,
      EscalateCommand.class,
      QueueCommand.class,
      JoinCommand.class,
      SessionsCommand.class,
      EndCommand.class,
      WhoamiCommand.class,
      LogoutCommand.class
    },
    exitCodeListHeading = "%nCódigos de salida:%n",
    exitCodeList = {
      "0:correcto, o la sesión terminó normalmente",
      "1:error inesperado",
      "2:uso incorrecto",
      "3:rechazado, o sin sesión iniciada",
      "4:servidor inalcanzable",
      "5:la sesión terminó de forma anormal"
    })
public final class AgentApp {
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

  @Option(
      names = "--locale",
      scope = ScopeType.INHERIT,
      description = "es-MX (predeterminado) o en.")
  private String locale;

  @Option(
      names = "--zone",
      scope = ScopeType.INHERIT,
      paramLabel = "ZONA",
      description =
          "Zona horaria de las horas que se muestran: America/Mexico_City (predeterminado, la de"
              + " la política de soporte), otra zona como America/Tijuana, o local para la de"
              + " este equipo.")
  private String zone;

  @Spec private CommandSpec spec;

  private final BufferedReader stdin;
  private final PrintStream out;
  private final PrintStream err;
  private final ProfileStore profiles;

  AgentApp(InputStream stdin, PrintStream out, PrintStream err, ProfileStore profiles) {
    this.stdin = new BufferedReader(new InputStreamReader(stdin));
    this.out = out;
    this.err = err;
    this.profiles = profiles;
  }

  /**
   * Runs one agent command and exits with one of the documented codes.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    ProfileStore profiles = new ProfileStore(ConfigDir.resolve());
    System.exit(run(System.in, TerminalStreams.out(), TerminalStreams.err(), profiles, args));
  }

  static int run(
      InputStream in, PrintStream out, PrintStream err, ProfileStore profiles, String... args) {
    AgentApp app = new AgentApp(in, out, err, profiles);
    return commandLine(app, HelpLanguage.requested(args)).execute(args);
  }

  /**
   * The command line of the app with every subcommand.
   *
   * @param helpLocale the language of the help and usage text, see {@link HelpLanguage}
   */
  static CommandLine commandLine(AgentApp app, Locale helpLocale) {
    PrintStream out = app.out;
    PrintStream err = app.err;
    CommandLine line =
        new CommandLine(app)
            .addSubcommand("tickets", new TicketsCommand(app::tickets, app::ticketPrinter))
            .registerConverter(Endpoint.class, Endpoint::parse)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(TerminalStreams.writer(out))
            .setErr(TerminalStreams.writer(err))
            .setParameterExceptionHandler(new UsageErrors(helpLocale));
    return HelpLanguage.apply(line, helpLocale);
  }

  Messages messages() {
    Locale chosen = Locales.resolve(locale);
    return Messages.load("puente.agent.messages", chosen);
  }

  /**
   * How times are written for this agent: in the chosen zone, named.
   *
   * @throws ParameterException if {@code --zone} names no zone
   */
  TimeText times() {
    try {
      return new TimeText(messages(), TimeText.zone(zone));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** How tickets read for this agent: in their language, times in their zone. */
  TicketPrinter ticketPrinter() {
    return new TicketPrinter(messages(), times());
  }

  BufferedReader stdin() {
    return stdin;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  ProfileStore profiles() {
    return profiles;
  }

  /** Opens a channel to the broker with the saved transport settings. */
  ManagedChannel channel(AgentProfile profile) throws IOException {
    return BrokerChannels.open(
        profile.broker(),
        BrokerChannels.credentials(profile.broker(), profile.tlsCa(), profile.plaintext()),
        messages().locale());
  }

  /** Reaches the broker's data port with the saved transport settings. */
  LaneDialer lanes(AgentProfile profile) throws IOException {
    return LaneDialer.forBroker(profile.broker(), profile.tlsCa(), profile.plaintext());
  }

  /**
   * Loads the saved login, or says to log in.
   *
   * @return the profile, or null after printing why there is none
   */
  AgentProfile currentProfile() throws IOException {
    Messages messages = messages();
    AgentProfile profile = profiles.load().orElse(null);
    if (profile == null) {
      err.println(messages.text("login.missing"));
      return null;
    }
    if (profile.expiredAt(Instant.now())) {
      err.println(messages.text("login.expired", times().dateTime(profile.expiresAt())));
      return null;
    }
    return profile;
  }

  /**
   * Connects the {@code tickets} commands as the logged-in agent.
   *
   * @return the connection, or null after saying to log in
   */
  TicketsCommand.Connection tickets() throws IOException {
    AgentProfile profile = currentProfile();
    if (profile == null) {
      return null;
    }
    ManagedChannel channel = channel(profile);
    TicketServiceGrpc.TicketServiceBlockingStub stub =
        TicketServiceGrpc.newBlockingStub(channel)
            .withCallCredentials(BrokerChannels.bearer(profile.token()))
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    return new TicketsCommand.Connection() {
      @Override
      public TicketServiceGrpc.TicketServiceBlockingStub stub() {
        return stub;
      }

      @Override
      public void close() {
        channel.shutdownNow();
      }
    };
  }

  /** One call to the broker with the saved login, e.g. listing the escalation queue. */
  interface BrokerCall {
    /**
     * Makes the call and prints its result.
     *
     * @param stub a stub carrying the login's token and a deadline
     * @param messages the user's language
     * @return the exit code
     */
    int call(AgentServiceGrpc.AgentServiceBlockingStub stub, Messages messages);
  }

  /**
   * Runs one call with the saved login: says to log in if there is none, and prints a refusal or
   * failure in the user's language.
   *
   * @return the exit code
   */
  int callBroker(BrokerCall call) throws IOException, InterruptedException {
    AgentProfile profile = currentProfile();
    if (profile == null) {
      return ExitCode.REFUSED.code();
    }
    ManagedChannel channel = channel(profile);
    try {
      return call.call(
          AgentServiceGrpc.newBlockingStub(channel)
              .withCallCredentials(BrokerChannels.bearer(profile.token()))
              .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS),
          messages());
    } catch (StatusRuntimeException e) {
      return report(e, profile.broker());
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /**
   * Reads a {@code --forward [BIND:]PORT} value.
   *
   * @throws ParameterException naming the option if it is not an address
   */
  static Endpoint forwardAddress(CommandSpec spec, String text) {
    try {
      return Endpoint.parse(text, "127.0.0.1");
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--forward: " + e.getMessage());
    }
  }

  /** Names a role ("agent", "specialist", ...) in the user's language. */
  static String roleLabel(Messages messages, String role) {
    return switch (role) {
      case "customer", "agent", "specialist", "supervisor" -> messages.text("role." + role);
      default -> role;
    };
  }

  /** Prints a failed call and returns the exit code for it. */
  int report(Throwable failure, Endpoint broker) {
    Messages messages = messages();
    List<String> lines = new FailureText(messages).lines(failure, broker);
    lines.forEach(err::println);
    if (Status.fromThrowable(failure).getCode() == Status.Code.UNAUTHENTICATED) {
      err.println(messages.text("login.again"));
    }
    return ExitCode.of(failure).code();
  }
}
