package puente.agent;

import java.io.PrintStream;
import java.util.List;
import puente.agent.viewer.ViewerActions;
import puente.agent.viewer.ViewerWindow;
import puente.client.Endpoint;
import puente.client.FailureText;
import puente.client.Messages;
import puente.v1.ControlAction;
import puente.v1.ControlChanged;
import puente.v1.Notice;
import puente.v1.OpenSessionResponse;
import puente.v1.Participant;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.SessionEnded;

/**
 * Shows a session in the viewer window, and its events in the terminal as well (the terminal
 * the agent started {@code view} from keeps a log of the session). Also carries the window's
 * buttons and input to the {@link AgentSession}.
 */
final class WindowAgent implements AgentView, ViewerActions {
  private final TerminalAgent terminal;
  private final Messages messages;
  private final Endpoint broker;
  private final PrintStream out;
  private volatile ViewerWindow window;
  private volatile AgentSession session;

  WindowAgent(TerminalAgent terminal, Messages messages, Endpoint broker, PrintStream out) {
    this.terminal = terminal;
    this.messages = messages;
    this.broker = broker;
    this.out = out;
  }

  /** Connects the window and the session once both exist (before the stream is attached). */
  void connect(ViewerWindow viewer, AgentSession agentSession) {
    this.window = viewer;
    this.session = agentSession;
  }

  @Override
  public void watching(OpenSessionResponse opened, boolean hasControl) {
    out.println(messages.text("view.watching", opened.getCustomerName(), opened.getSessionId(),
        messages.text(hasControl ? "view.control.yes" : "view.control.no")));
    window.control(hasControl, "", "");
    window.requestFullFrame(true);
  }

  @Override
  public void joinedWithoutControl(OpenSessionResponse opened) {
    terminal.joinedWithoutControl(opened);
  }

  @Override
  public void tunnelReady(Endpoint local, OpenSessionResponse opened) {
    terminal.tunnelReady(local, opened);
  }

  @Override
  public void participants(List<Participant> participants) {
    terminal.participants(participants);
    window.participants(participants);
  }

  @Override
  public void connectionOpened(int channel) {
    terminal.connectionOpened(channel);
  }

  @Override
  public void connectionClosed(int channel, String error) {
    terminal.connectionClosed(channel, error);
  }

  @Override
  public void chat(String from, String text) {
    terminal.chat(from, text);
    window.chat(from, text);
  }

  @Override
  public void screen(ScreenFrame frame) {
    window.frame(frame);
  }

  @Override
  public void clipboard(String text) {
    window.clipboard(text);
  }

  @Override
  public void control(ControlChanged change) {
    out.println(change.getYouHaveControl()
        ? messages.text("view.control.mine")
        : messages.text("view.control.holder",
            change.getHolder().isEmpty() ? "—" : change.getHolder()));
    window.control(change.getYouHaveControl(), change.getHolder(), change.getRequester());
  }

  @Override
  public void notice(Notice notice) {
    out.println(messages.text("view.notice", notice.getMessage()));
    window.notice(notice.getMessage());
  }

  @Override
  public void ended(SessionEnded ended) {
    terminal.ended(ended);
    window.ended(messages.text("ended", ended.getMessage(), ended.getReason().name()));
  }

  @Override
  public void failed(Throwable failure) {
    terminal.failed(failure);
    window.ended(String.join(" ", new FailureText(messages).lines(failure, broker)));
  }

  @Override
  public void send(RelayFrame frame) {
    session.send(frame);
  }

  @Override
  public void requestControl() {
    session.control(ControlAction.Kind.REQUEST, "");
  }

  @Override
  public void releaseControl() {
    session.control(ControlAction.Kind.RELEASE, "");
  }

  @Override
  public void grantControl(String participantId) {
    session.control(ControlAction.Kind.GRANT, participantId);
  }

  @Override
  public void endSession() {
    if (!session.isOver()) {
      terminal.endQuietly(session);
    }
  }
}
