package puente.agent;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import puente.agent.viewer.ViewerWindow;
import puente.client.BrokerChannels;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.Messages;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.Escalation;
import puente.v1.ListEscalationsRequest;

/**
 * A specialist joins a live session offered to them (P15), watching or asking for control at once.
 * In the terminal, whenever they hold control, a local port forwards to the customer's service;
 * with {@code --view} the customer's screen opens in the viewer window instead, with their mouse
 * and keyboard while the specialist holds control. Typing {@code leave}, Ctrl-C or closing the
 * window leaves; the session goes on for the others.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "join",
    description = "Se une como especialista a una sesión escalada.")
final class JoinCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "SESSION_ID", description = "El id de la sesión (ver: queue).")
  private String sessionId;

  @ArgGroup(exclusive = true)
  private Mode mode = new Mode();

  @Option(
      names = "--forward",
      defaultValue = "127.0.0.1:0",
      paramLabel = "[BIND:]PORT",
      description = "Puerto local para el túnel mientras tenga el control (predeterminado: libre).")
  private String forward;

  /** Watching (the default) or asking for control at once. */
  static final class Mode {
    @Option(names = "--watch", description = "Solo mirar (predeterminado).")
    boolean watch;

    @Option(names = "--ask-control", description = "Mirar y pedir el control al unirse.")
    boolean askControl;
  }

  @Option(
      names = "--view",
      description = "Abrir la pantalla del cliente en la ventana del visor en vez del túnel.")
  private boolean view;

  @Option(names = "--one-to-one", description = "Con --view: mostrar la pantalla 1:1.")
  private boolean oneToOne;

  @Override
  public Integer call() throws Exception {
    Endpoint bind = AgentApp.forwardAddress(spec, forward);
    Messages messages = app.messages();
    if (view && GraphicsEnvironment.isHeadless()) {
      app.err().println(messages.text("view.no_display"));
      return ExitCode.USAGE.code();
    }
    AgentProfile profile = app.currentProfile();
    if (profile == null) {
      return ExitCode.REFUSED.code();
    }
    if (view) {
      ManagedChannel channel = app.channel(profile);
      try {
        return joinInWindow(channel, profile, messages);
      } finally {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
      }
    }
    ControlTunnel localPort;
    try {
      localPort = ControlTunnel.bind(bind, app.lanes(profile));
    } catch (IOException e) {
      app.err().println(messages.text("forward.bind_failed", bind, e.getMessage()));
      return ExitCode.USAGE.code();
    }
    ManagedChannel channel = app.channel(profile);
    try {
      TerminalAgent terminal = new TerminalAgent(messages, profile.broker(), app.out(), app.err());
      AgentSession session =
          new AgentSession(channel, BrokerChannels.bearer(profile.token()), terminal);
      Escalation offer = offer(channel, profile);
      terminal.joining(
          new TerminalAgent.Label(sessionId, offer.getTicketId(), ""), offer.getCustomerName());
      session.attach(
          sessionId,
          mode.askControl ? AgentMessage.JoinMode.ASK_CONTROL : AgentMessage.JoinMode.WATCH,
          localPort);
      return SessionRun.untilOver(session, terminal, app.stdin(), session::leave);
    } finally {
      localPort.close();
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /** Joins with the viewer window: the screen, no local port. */
  private int joinInWindow(ManagedChannel channel, AgentProfile profile, Messages messages)
      throws Exception {
    TerminalAgent terminal = new TerminalAgent(messages, profile.broker(), app.out(), app.err());
    WindowAgent window = new WindowAgent(terminal, messages, profile.broker(), app.out(), true);
    AgentSession session =
        new AgentSession(channel, BrokerChannels.bearer(profile.token()), window);
    Escalation offer = offer(channel, profile);
    terminal.joining(
        new TerminalAgent.Label(sessionId, offer.getTicketId(), ""), offer.getCustomerName());
    ViewerWindow viewer = new ViewerWindow(messages, offer.getCustomerName(), window);
    window.connect(viewer, session, offer.getCustomerName());
    viewer.open(!oneToOne);
    session.attach(
        sessionId,
        mode.askControl ? AgentMessage.JoinMode.ASK_CONTROL : AgentMessage.JoinMode.WATCH,
        null);
    int outcome = SessionRun.untilOver(session, terminal, app.stdin(), session::leave);
    if (!session.finishRequested()) {
      // The session ended or this specialist was removed: leave the window up to read why.
      viewer.awaitClosed(ViewCommand.LINGER);
    }
    viewer.close();
    return outcome;
  }

  /**
   * What the queue says about the session (customer, ticket), to show while joining; empty if it is
   * not in this agent's queue. The join itself decides whether the agent may join.
   */
  private Escalation offer(ManagedChannel channel, AgentProfile profile) {
    try {
      return AgentServiceGrpc.newBlockingStub(channel)
          .withCallCredentials(BrokerChannels.bearer(profile.token()))
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .listEscalations(ListEscalationsRequest.getDefaultInstance())
          .getEscalationsList()
          .stream()
          .filter(e -> e.getSessionId().equals(sessionId))
          .findFirst()
          .orElse(Escalation.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      return Escalation.getDefaultInstance();
    }
  }
}
