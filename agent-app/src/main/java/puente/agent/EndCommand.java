package puente.agent;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import puente.client.BrokerChannels;
import puente.client.ExitCode;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndSessionRequest;

/** Ends a session for everyone, e.g. one left open in another terminal. */
@Command(name = "end", description = "Termina una sesión / ends a session.")
final class EndCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Parameters(paramLabel = "SESSION_ID", description = "El id de la sesión.")
  private String sessionId;

  @Override
  public Integer call() throws Exception {
    AgentProfile profile = app.currentProfile();
    if (profile == null) {
      return ExitCode.REFUSED.code();
    }
    ManagedChannel channel = app.channel(profile);
    try {
      AgentServiceGrpc.newBlockingStub(channel)
          .withCallCredentials(BrokerChannels.bearer(profile.token()))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .endSession(EndSessionRequest.newBuilder().setSessionId(sessionId).build());
      app.out().println(app.messages().text("end.done", sessionId));
      return ExitCode.OK.code();
    } catch (StatusRuntimeException e) {
      return app.report(e, profile.broker());
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
