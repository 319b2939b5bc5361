package puente.agent;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import puente.client.BrokerChannels;
import puente.client.ExitCode;
import puente.v1.AgentServiceGrpc;
import puente.v1.LogoutRequest;

/**
 * Revokes the saved token at the broker (its streams end there too) and forgets it here. The local
 * profile goes even when the broker cannot be reached, so the token never lingers on this machine;
 * the exit code then says the broker was not told.
 */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = "Cierra la sesión en el servidor y olvida el acceso guardado en este equipo.")
final class LogoutCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Override
  public Integer call() throws Exception {
    Optional<AgentProfile> profile = app.profiles().load();
    if (profile.isEmpty()) {
      app.out().println(app.messages().text("logout.none"));
      return ExitCode.OK.code();
    }
    StatusRuntimeException failure = revoke(profile.get());
    app.profiles().delete();
    if (failure == null) {
      app.out().println(app.messages().text("logout.done"));
      return ExitCode.OK.code();
    }
    app.err().println(app.messages().text("logout.localOnly"));
    return app.report(failure, profile.get().broker());
  }

  /** Asks the broker to revoke the token; null when it is revoked (or was no longer valid). */
  private StatusRuntimeException revoke(AgentProfile profile) throws Exception {
    ManagedChannel channel = app.channel(profile);
    try {
      AgentServiceGrpc.newBlockingStub(channel)
          .withCallCredentials(BrokerChannels.bearer(profile.token()))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .logout(LogoutRequest.getDefaultInstance());
      return null;
    } catch (StatusRuntimeException e) {
      // An expired or already revoked token: there is nothing left to revoke.
      return e.getStatus().getCode() == Status.Code.UNAUTHENTICATED ? null : e;
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
