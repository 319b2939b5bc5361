package puente.agent.tickets;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import puente.v1.ListTicketsRequest;
import puente.v1.ListTicketsResponse;
import puente.v1.Ticket;

/** {@code tickets list}: every case, open or closed, newest first, a page at a time. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Lista todos los casos, abiertos y cerrados, del más reciente al más antiguo, por"
            + " páginas.")
final class ListCommand implements Callable<Integer> {
  @ParentCommand private TicketsCommand parent;
  @Spec private CommandSpec spec;

  @Option(
      names = {"--estado", "--state"},
      paramLabel = "ESTADO",
      description = "Solo casos en este estado: ${COMPLETION-CANDIDATES}.")
  private TicketPrinter.State state;

  @Option(
      names = {"--pagina", "--page"},
      paramLabel = "N",
      defaultValue = "1",
      description = "Qué página mostrar (${DEFAULT-VALUE}).")
  private int page;

  @Option(
      names = {"--max", "--size"},
      paramLabel = "N",
      defaultValue = "20",
      description = "Casos por página, hasta 100 (${DEFAULT-VALUE}).")
  private int size;

  @Override
  public Integer call() throws Exception {
    TicketPrinter printer = parent.printer();
    return parent.call(
        spec,
        stub -> {
          ListTicketsRequest.Builder request =
              ListTicketsRequest.newBuilder().setPage(page).setSize(size);
          if (state != null) {
            request.setState(state.wire());
          }
          ListTicketsResponse list = stub.listTickets(request.build());
          PrintWriter out = spec.commandLine().getOut();
          if (list.getTicketsCount() == 0) {
            out.println(printer.text("ticket.list.empty"));
          } else {
            out.println(printer.heading());
            for (Ticket ticket : list.getTicketsList()) {
              out.println(printer.line(ticket));
            }
          }
          long pages =
              list.getSize() <= 0 ? 1 : (list.getTotal() + list.getSize() - 1) / list.getSize();
          out.println(
              printer.text(
                  "ticket.list.page", list.getPage(), Math.max(pages, 1), list.getTotal()));
        });
  }
}
