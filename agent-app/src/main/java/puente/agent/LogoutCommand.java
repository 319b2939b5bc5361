package puente.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import puente.client.ExitCode;

/** Forgets the saved token. */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = "Cierra la sesión local / forgets the saved login.")
final class LogoutCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Override
  public Integer call() throws Exception {
    boolean existed = app.profiles().delete();
    app.out().println(app.messages().text(existed ? "logout.done" : "logout.none"));
    return ExitCode.OK.code();
  }
}
