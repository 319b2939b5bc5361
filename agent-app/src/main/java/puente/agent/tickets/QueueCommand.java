package puente.agent.tickets;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import puente.client.ExitCode;
import puente.v1.ListQueueRequest;
import puente.v1.ListQueueResponse;
import puente.v1.Ticket;

/** {@code tickets queue}: the agent's open cases, first to serve first (P17). */
@Command(
    name = "queue",
    mixinStandardHelpOptions = true,
    description =
        "Muestra su cola: sus casos abiertos y los que nadie ha tomado, por prioridad"
            + " y antigüedad.")
final class QueueCommand implements Callable<Integer> {
  @ParentCommand private TicketsCommand parent;
  @Spec private CommandSpec spec;

  @Option(
      names = {"--todos", "--everyone"},
      description = "La cola de todo el equipo, no solo la suya.")
  private boolean everyone;

  @Option(
      names = {"--estado", "--state"},
      paramLabel = "ESTADO",
      description = "Solo casos en este estado: ${COMPLETION-CANDIDATES} (abiertos).")
  private TicketPrinter.State state;

  @Option(
      names = "--max",
      paramLabel = "N",
      defaultValue = "50",
      description = "Cuántos casos mostrar como máximo (${DEFAULT-VALUE}).")
  private int limit;

  @Override
  public Integer call() throws Exception {
    TicketPrinter printer = parent.printer();
    if (state == TicketPrinter.State.CERRADO) {
      spec.commandLine().getErr().println(printer.text("ticket.queue.closed"));
      spec.commandLine().getErr().flush();
      return ExitCode.USAGE.code();
    }
    return parent.call(
        spec,
        stub -> {
          ListQueueRequest.Builder request =
              ListQueueRequest.newBuilder().setEveryone(everyone).setLimit(limit);
          if (state != null) {
            request.setState(state.wire());
          }
          ListQueueResponse queue = stub.listQueue(request.build());
          PrintWriter out = spec.commandLine().getOut();
          if (queue.getTicketsCount() == 0) {
            out.println(printer.text("ticket.queue.empty"));
          } else {
            out.println(printer.heading());
            for (Ticket ticket : queue.getTicketsList()) {
              out.println(printer.line(ticket));
            }
          }
        });
  }
}
