package puente.agent;

import java.io.PrintStream;
import java.util.List;
import puente.agent.viewer.ViewerActions;
import puente.agent.viewer.ViewerWindow;
import puente.client.Endpoint;
import puente.client.FailureText;
import puente.client.Messages;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.SessionEnded;

/**
 * Shows a session in the viewer window, and its events in the terminal as well (the terminal the
 * agent started {@code view} from keeps a log of the session and takes the same commands as for
 * {@code open}). Also carries the window's buttons and input to the {@link AgentSession}.
 */
final class WindowAgent implements AgentView, ViewerActions {
  private final TerminalAgent terminal;
  private final Messages messages;
  private final Endpoint broker;
  private final PrintStream out;
  private volatile ViewerWindow window;
  private volatile AgentSession session;
  private volatile String customerName = "";
  private final boolean joined;

  /**
   * A window for a session.
   *
   * @param joined whether this agent joined someone else's session: closing the window then leaves
   *     it instead of ending it for everyone
   */
  WindowAgent(
      TerminalAgent terminal, Messages messages, Endpoint broker, PrintStream out, boolean joined) {
    this.joined = joined;
    this.terminal = terminal;
    this.messages = messages;
    this.broker = broker;
    this.out = out;
  }

  /** Connects the window and the session once both exist (before the stream is attached). */
  void connect(ViewerWindow viewer, AgentSession agentSession, String customer) {
    this.window = viewer;
    this.session = agentSession;
    this.customerName = customer;
  }

  @Override
  public void watching(boolean hasControl) {
    out.println(
        messages.text(
            "view.watching",
            customerName,
            messages.text(hasControl ? "view.control.yes" : "view.control.no")));
    window.control(hasControl, "");
    window.requestFullFrame(true);
  }

  @Override
  public void joinedWithoutControl() {
    terminal.joinedWithoutControl();
  }

  @Override
  public void tunnelReady(Endpoint local) {
    terminal.tunnelReady(local);
  }

  @Override
  public void tunnelClosed(Endpoint local) {
    terminal.tunnelClosed(local);
  }

  @Override
  public void tunnelFailed(Endpoint local, String error) {
    terminal.tunnelFailed(local, error);
  }

  @Override
  public void controlChanged(String holder, boolean mine) {
    terminal.controlChanged(holder, mine);
    window.control(mine, holder);
  }

  @Override
  public void controlRequested(String requesterId, String requester) {
    terminal.controlRequested(requesterId, requester);
    window.controlRequested(requesterId, requester);
  }

  @Override
  public void notice(Notice notice) {
    terminal.notice(notice);
    window.notice(notice.getMessage());
    switch (notice.getKind()) {
      case PAUSED -> window.paused(true);
      case RESUMED -> window.paused(false);
      default -> {
        // other notices only inform: the chat and the status bar show them
      }
    }
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
  public void left() {
    terminal.left();
    window.ended(messages.text("viewer.left"));
  }

  @Override
  public void ended(SessionEnded ended) {
    terminal.ended(ended);
    // The reason code stays in the terminal's log; the window says it in words.
    window.ended(messages.text("viewer.ended", sentence(ended.getMessage())));
  }

  @Override
  public void joinRefused(Throwable failure) {
    terminal.joinRefused(failure);
    window.ended(String.join(" ", new FailureText(messages).lines(failure, broker)));
  }

  @Override
  public void failed(Throwable failure) {
    terminal.failed(failure);
    window.ended(String.join(" ", new FailureText(messages).lines(failure, broker)));
  }

  /** A message as a sentence that ends with one full stop. */
  private static String sentence(String text) {
    String body = text.strip().replaceAll("[.\\s]+$", "");
    return body.isEmpty() ? "" : body + ".";
  }

  @Override
  public void send(RelayFrame frame) {
    session.send(frame);
  }

  @Override
  public void requestControl() {
    session.requestControl();
  }

  @Override
  public void releaseControl() {
    session.release();
  }

  @Override
  public void grantControl(String participantId) {
    session.grant(participantId);
  }

  @Override
  public void endSession() {
    if (session.isOver()) {
      return;
    }
    if (joined) {
      session.leave();
    } else {
      terminal.endQuietly(session);
    }
  }

  @Override
  public boolean endsForEveryone() {
    return !joined;
  }
}
