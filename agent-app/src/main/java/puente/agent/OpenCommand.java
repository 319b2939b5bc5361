package puente.agent;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
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
import puente.client.BrokerChannels;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.Messages;
import puente.v1.AccessKind;
import puente.v1.AgentMessage;
import puente.v1.OpenSessionResponse;

/**
 * Opens a session by the customer's code and forwards a local port to the customer's service while
 * this agent holds control, until the session ends, the agent leaves or types {@code q}, or Ctrl-C.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "open",
    description =
        "Abre una sesión con el código del cliente y reenvía un puerto local al equipo del"
            + " cliente.")
final class OpenCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;
  @Spec private CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "CODE",
      description = "El código de 9 dígitos (con o sin espacios): 123 456 789.")
  private List<String> codeParts;

  @Option(
      names = "--forward",
      required = true,
      paramLabel = "[BIND:]PORT",
      description = "Puerto local a reenviar (0 = libre); BIND predeterminado 127.0.0.1.")
  private String forward;

  @Option(names = "--category", defaultValue = "", description = "Categoría del problema.")
  private String category;

  @Option(names = "--advisory", description = "Abrir como asesoría pagada (P8).")
  private boolean advisory;

  @Option(
      names = "--access",
      defaultValue = "tunnel",
      description = "Acceso que se pide; esta versión solo admite: tunnel.")
  private AccessKind access;

  @Override
  public Integer call() throws Exception {
    String code = String.join("", codeParts).replaceAll("[\\s-]", "");
    if (!code.matches("\\d{9}")) {
      throw new ParameterException(spec.commandLine(), "CODE: '" + code + "' (expected: 9 digits)");
    }
    if (access != AccessKind.TUNNEL) {
      throw new ParameterException(spec.commandLine(), "--access: only 'tunnel' is supported");
    }
    Endpoint bind = AgentApp.forwardAddress(spec, forward);
    AgentProfile profile = app.currentProfile();
    if (profile == null) {
      return ExitCode.REFUSED.code();
    }
    Messages messages = app.messages();
    ControlTunnel localPort;
    try {
      localPort = ControlTunnel.bind(bind, app.lanes(profile));
    } catch (IOException e) {
      app.err().println(messages.text("forward.bind_failed", bind, e.getMessage()));
      return ExitCode.USAGE.code();
    }
    ManagedChannel channel = app.channel(profile);
    try {
      return run(channel, profile, code, localPort, messages);
    } finally {
      localPort.close();
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  private int run(
      ManagedChannel channel,
      AgentProfile profile,
      String code,
      ControlTunnel localPort,
      Messages messages)
      throws InterruptedException {
    TerminalAgent terminal = new TerminalAgent(messages, profile.broker(), app.out(), app.err());
    AgentSession session =
        new AgentSession(channel, BrokerChannels.bearer(profile.token()), terminal);
    terminal.waitingForConsent(code);
    OpenSessionResponse opened;
    try {
      opened = session.open(code, access, category, advisory);
    } catch (StatusRuntimeException e) {
      return app.report(e, profile.broker());
    }
    terminal.opened(opened);
    session.attach(opened.getSessionId(), AgentMessage.JoinMode.WATCH, localPort);
    return SessionRun.untilOver(session, terminal, app.stdin(), () -> terminal.endQuietly(session));
  }
}
