package puente.agent.tickets;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import puente.v1.GetTicketRequest;
import puente.v1.TicketDetail;

/** {@code tickets show}: one case with its whole timeline. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Muestra un caso con su historial completo.")
final class ShowCommand implements Callable<Integer> {
  @ParentCommand private TicketsCommand parent;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CASO", description = "Número del caso.")
  private String ticketId;

  @Override
  public Integer call() throws Exception {
    return parent.call(
        spec,
        stub -> {
          TicketDetail detail =
              stub.getTicket(GetTicketRequest.newBuilder().setTicketId(ticketId).build());
          PrintWriter out = spec.commandLine().getOut();
          parent.printer().detail(out, detail);
        });
  }
}
