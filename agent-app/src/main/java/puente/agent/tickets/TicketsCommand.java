package puente.agent.tickets;

import static java.util.Objects.requireNonNull;

import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import puente.client.ExitCode;
import puente.client.RefusalStatus;
import puente.v1.Refusal;
import puente.v1.TicketServiceGrpc;

/**
 * {@code agent-app tickets …}: the support cases behind the sessions, for the agent's daily work.
 * The app's main command registers it with a {@link Connector} that connects as the logged-in agent
 * (token, broker address and locale from the saved profile).
 */
@Command(
    name = "tickets",
    mixinStandardHelpOptions = true,
    description = "Casos de soporte: su cola, el detalle de un caso y el trabajo diario.",
    subcommands = {
      QueueCommand.class,
      ListCommand.class,
      ShowCommand.class,
      ChangeCommands.Note.class,
      ChangeCommands.Wait.class,
      ChangeCommands.Contact.class,
      ChangeCommands.InformationComplete.class,
      ChangeCommands.Duplicate.class,
      ChangeCommands.Close.class,
      ChangeCommands.ToDevelopment.class,
      ChangeCommands.ToThirdParty.class,
      ChangeCommands.Delivered.class,
      ChangeCommands.FollowUp.class
    })
public final class TicketsCommand implements Runnable {
  /** A connection to the broker's ticket service for one command. */
  public interface Connection extends AutoCloseable {
    /** A stub carrying the agent's bearer token and locale. */
    TicketServiceGrpc.TicketServiceBlockingStub stub();

    @Override
    void close();
  }

  /** Opens a connection, or returns null after telling the agent why there is none. */
  @FunctionalInterface
  public interface Connector {
    /**
     * Connects.
     *
     * @return the connection, or null (e.g. not logged in) after printing why
     * @throws IOException when the saved settings cannot be read
     */
    Connection connect() throws IOException;
  }

  private final Connector connector;
  private final Supplier<TicketPrinter> printers;
  @Spec private CommandSpec spec;

  /**
   * The command over the broker's ticket service.
   *
   * @param connector connects as the logged-in agent
   * @param printers how tickets read for the agent (language and zone are known once the command
   *     line is parsed)
   */
  public TicketsCommand(Connector connector, Supplier<TicketPrinter> printers) {
    this.connector = requireNonNull(connector, "connector");
    this.printers = requireNonNull(printers, "printers");
  }

  /** How tickets read for the agent running this command. */
  TicketPrinter printer() {
    return printers.get();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** What a subcommand asks of the broker. */
  @FunctionalInterface
  interface Call {
    void run(TicketServiceGrpc.TicketServiceBlockingStub stub);
  }

  /**
   * Runs one call to the broker; prints its refusal, if any, on the error stream.
   *
   * @return the process exit code: 0, or as {@link ExitCode#of(Throwable)} classifies the failure
   */
  int call(CommandSpec sub, Call call) throws IOException {
    try (Connection connection = connector.connect()) {
      if (connection == null) {
        return ExitCode.REFUSED.code();
      }
      call.run(connection.stub());
      sub.commandLine().getOut().flush();
      return ExitCode.OK.code();
    } catch (StatusRuntimeException e) {
      PrintWriter err = sub.commandLine().getErr();
      err.println(
          RefusalStatus.fromThrowable(e)
              .map(Refusal::getMessage)
              .filter(m -> !m.isBlank())
              .orElseGet(() -> printer().text("ticket.unreachable", e.getStatus().getCode())));
      err.flush();
      return ExitCode.of(e).code();
    }
  }
}
