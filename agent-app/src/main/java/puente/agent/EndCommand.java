package puente.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import puente.client.ExitCode;
import puente.v1.EndSessionRequest;

/**
 * Ends a session for everyone: one left open in another terminal, or (for a supervisor) any live
 * session.
 */
@Command(mixinStandardHelpOptions = true, name = "end", description = "Termina una sesión.")
final class EndCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Parameters(paramLabel = "SESSION_ID", description = "El id de la sesión.")
  private String sessionId;

  @Override
  public Integer call() throws Exception {
    return app.callBroker(
        (stub, messages) -> {
          stub.endSession(EndSessionRequest.newBuilder().setSessionId(sessionId).build());
          app.out().println(messages.text("end.done", sessionId));
          return ExitCode.OK.code();
        });
  }
}
