package puente.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import puente.client.ExitCode;
import puente.client.Messages;

/** Shows the saved login, without calling the broker. */
@Command(
    mixinStandardHelpOptions = true,
    name = "whoami",
    description = "Muestra quién inició sesión, en qué servidor y hasta cuándo.")
final class WhoamiCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Override
  public Integer call() throws Exception {
    AgentProfile profile = app.currentProfile();
    if (profile == null) {
      return ExitCode.REFUSED.code();
    }
    Messages messages = app.messages();
    app.out()
        .println(
            messages.text(
                "whoami",
                profile.user(),
                profile.displayName(),
                AgentApp.roleLabel(messages, profile.role()),
                profile.broker(),
                app.times().dateTime(profile.expiresAt())));
    return ExitCode.OK.code();
  }
}
