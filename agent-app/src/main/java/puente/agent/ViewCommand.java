package puente.agent;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.awt.GraphicsEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import puente.agent.viewer.ViewerWindow;
import puente.client.BrokerChannels;
import puente.client.ExitCode;
import puente.client.Messages;
import puente.v1.AccessKind;
import puente.v1.AgentMessage;
import puente.v1.OpenSessionResponse;

/**
 * Opens a session by the customer's code and shows the customer's screen in the viewer window, with
 * their mouse and keyboard while this agent holds control. Ends with the window, {@code q} in the
 * terminal, or Ctrl-C.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "view",
    description = "Abre una sesión con el código del cliente y muestra su pantalla en una ventana.")
final class ViewCommand implements Callable<Integer> {
  /** Once someone else ended the session, how long the window stays to show why. */
  static final Duration LINGER = Duration.ofSeconds(10);

  @ParentCommand private AgentApp app;
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "CODE",
      description = "El código de 9 dígitos (con o sin espacios): 123 456 789.")
  private List<String> codeParts;

  @Option(
      names = "--access",
      defaultValue = "control",
      description = "Acceso que se pide: control (ver y controlar, predeterminado) o view (ver).")
  private AccessKind access;

  @Option(names = "--one-to-one", description = "Mostrar la pantalla 1:1 en vez de ajustarla.")
  private boolean oneToOne;

  @Option(names = "--category", defaultValue = "", description = "Categoría del problema.")
  private String category;

  @Option(names = "--advisory", description = "Abrir como asesoría pagada (P8).")
  private boolean advisory;

  @Override
  public Integer call() throws Exception {
    String code = String.join("", codeParts).replaceAll("[\\s-]", "");
    if (!code.matches("\\d{9}")) {
      throw new ParameterException(spec.commandLine(), "CODE: '" + code + "' (expected: 9 digits)");
    }
    if (access != AccessKind.VIEW && access != AccessKind.CONTROL) {
      throw new ParameterException(
          spec.commandLine(), "--access: " + access + " (expected: view or control)");
    }
    Messages messages = app.messages();
    if (GraphicsEnvironment.isHeadless()) {
      app.err().println(messages.text("view.no_display"));
      return ExitCode.USAGE.code();
    }
    AgentProfile profile = app.currentProfile();
    if (profile == null) {
      return ExitCode.REFUSED.code();
    }
    ManagedChannel channel = app.channel(profile);
    try {
      return run(channel, profile, code, messages);
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  private int run(ManagedChannel channel, AgentProfile profile, String code, Messages messages)
      throws Exception {
    TerminalAgent terminal = new TerminalAgent(messages, profile.broker(), app.out(), app.err());
    WindowAgent view = new WindowAgent(terminal, messages, profile.broker(), app.out(), false);
    AgentSession session = new AgentSession(channel, BrokerChannels.bearer(profile.token()), view);
    terminal.waitingForConsent(code);
    OpenSessionResponse opened;
    try {
      opened = session.open(code, access, category, advisory);
    } catch (StatusRuntimeException e) {
      return app.report(e, profile.broker());
    }
    terminal.opened(opened);
    ViewerWindow window = new ViewerWindow(messages, opened.getCustomerName(), view);
    view.connect(window, session, opened.getCustomerName());
    window.open(!oneToOne);
    session.attach(opened.getSessionId(), AgentMessage.JoinMode.WATCH, null);
    int outcome =
        SessionRun.untilOver(session, terminal, app.stdin(), () -> terminal.endQuietly(session));
    if (!session.finishRequested()) {
      // Someone else ended it: leave the window up a moment so the agent can read why.
      window.awaitClosed(LINGER);
    }
    window.close();
    return outcome;
  }
}
