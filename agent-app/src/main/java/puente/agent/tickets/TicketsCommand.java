package puente.agent.tickets;

import static java.util.Objects.requireNonNull;

import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import puente.client.RefusalStatus;
import puente.v1.Refusal;
import puente.v1.TicketServiceGrpc;

/**
 * {@code agent-app tickets …}: the support cases behind the sessions, for the agent's daily
 * work. The app's main command registers it with a supplier of an authenticated stub (the
 * logged-in agent's token and the broker's address come from the app's profile).
 */
@Command(
    name = "tickets",
    mixinStandardHelpOptions = true,
    description = "Casos de soporte: su cola, el detalle de un caso y el trabajo diario.",
    subcommands = {
      QueueCommand.class,
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
  /** Exit code of a call the broker refused or could not answer. */
  public static final int REFUSED = 1;

  private final Supplier<TicketServiceGrpc.TicketServiceBlockingStub> stubs;
  @Spec private CommandSpec spec;

  /**
   * The command over the broker's ticket service.
   *
   * @param stubs gives a stub that carries the agent's bearer token (and its locale)
   */
  public TicketsCommand(Supplier<TicketServiceGrpc.TicketServiceBlockingStub> stubs) {
    this.stubs = requireNonNull(stubs, "stubs");
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  TicketServiceGrpc.TicketServiceBlockingStub stub() {
    return stubs.get();
  }

  /**
   * Runs one call to the broker and prints its refusal, if any, on the error stream.
   *
   * @return 0, or {@link #REFUSED}
   */
  static int call(CommandSpec spec, Callable<Void> call) throws Exception {
    try {
      call.call();
      return 0;
    } catch (StatusRuntimeException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(RefusalStatus.fromThrowable(e).map(Refusal::getMessage)
          .filter(m -> !m.isBlank())
          .orElse("No se pudo hablar con el servidor de soporte: " + e.getStatus().getCode()));
      err.flush();
      return REFUSED;
    }
  }
}
