package puente.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import puente.client.ExitCode;
import puente.v1.EscalateRequest;

/**
 * Offers a live session this agent is in to the specialist queue, or to one specialist (P15). The
 * session goes on; the specialist joins it with {@code join}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "escalate",
    description = "Escala una sesión a los especialistas; la sesión sigue.")
final class EscalateCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Parameters(paramLabel = "SESSION_ID", description = "El id de la sesión.")
  private String sessionId;

  @Option(
      names = "--to",
      paramLabel = "SPECIALIST",
      defaultValue = "",
      description = "Usuario del especialista; sin esta opción, la cola de especialistas.")
  private String specialist;

  @Option(
      names = "--note",
      paramLabel = "TEXT",
      defaultValue = "",
      description = "Lo que el especialista debe saber.")
  private String note;

  @Override
  public Integer call() throws Exception {
    return app.callBroker(
        (stub, messages) -> {
          stub.escalate(
              EscalateRequest.newBuilder()
                  .setSessionId(sessionId)
                  .setSpecialist(specialist.strip())
                  .setNote(note)
                  .build());
          app.out()
              .println(
                  specialist.isBlank()
                      ? messages.text("escalate.done.queue", sessionId)
                      : messages.text("escalate.done.to", sessionId, specialist.strip()));
          return ExitCode.OK.code();
        });
  }
}
