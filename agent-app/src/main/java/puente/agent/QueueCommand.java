package puente.agent;

import static puente.text.Showable.line;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import puente.client.ExitCode;
import puente.client.Messages;
import puente.v1.Escalation;
import puente.v1.ListEscalationsRequest;

/**
 * Shows the specialist queue as the broker serves it, by priority then age (P15, P17): who is
 * waiting, for how long, who escalated and why. Specialists and supervisors only.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "queue",
    description =
        "Muestra la cola de sesiones escaladas a los especialistas, por prioridad y antigüedad"
            + " (especialistas y supervisores).")
final class QueueCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Override
  public Integer call() throws Exception {
    return app.callBroker(
        (stub, messages) -> {
          List<Escalation> queue =
              stub.listEscalations(ListEscalationsRequest.getDefaultInstance())
                  .getEscalationsList();
          print(app.out(), messages, queue);
          return ExitCode.OK.code();
        });
  }

  /** Prints the queue, one block per escalation, in the order the broker serves it. */
  static void print(PrintStream out, Messages messages, List<Escalation> queue) {
    if (queue.isEmpty()) {
      out.println(messages.text("queue.empty"));
      return;
    }
    out.println(messages.text("queue.title", queue.size()));
    int position = 0;
    for (Escalation escalation : queue) {
      position++;
      String category =
          escalation.getCategory().isEmpty()
              ? messages.text("queue.no_category")
              : escalation.getCategory();
      out.println(
          escalation.getPriority() > 0
              ? messages.text(
                  "queue.entry.priority",
                  position,
                  line(escalation.getCustomerName()),
                  category,
                  escalation.getPriority(),
                  waited(escalation.getWaitingSeconds()))
              : messages.text(
                  "queue.entry",
                  position,
                  line(escalation.getCustomerName()),
                  category,
                  waited(escalation.getWaitingSeconds())));
      out.println(
          messages.text(
              "queue.by",
              escalation.getEscalatedBy(),
              escalation.getOfferedTo().isEmpty()
                  ? messages.text("queue.to_queue")
                  : escalation.getOfferedTo()));
      if (!escalation.getNote().isEmpty()) {
        out.println(messages.text("queue.note", escalation.getNote()));
      }
      out.println(
          messages.text("queue.session", escalation.getSessionId(), escalation.getTicketId()));
    }
  }

  /** A waiting time as people read it: {@code 45 s}, {@code 3 min 05 s}, {@code 2 h 03 min}. */
  static String waited(long seconds) {
    long s = Math.max(0, seconds);
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return String.format("%d min %02d s", s / 60, s % 60);
    }
    return String.format("%d h %02d min", s / 3600, s % 3600 / 60);
  }
}
