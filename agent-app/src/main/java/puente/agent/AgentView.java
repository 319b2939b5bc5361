package puente.agent;

import java.util.List;
import puente.client.Endpoint;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.ScreenFrame;
import puente.v1.SessionEnded;

/**
 * What an {@link AgentSession} shows the agent: the terminal today, a window later. Called on gRPC
 * threads; must not block.
 */
interface AgentView {
  /** The agent's stream joined, but another participant holds control: no tunnel. */
  void joinedWithoutControl();

  /** This agent holds control: the local port forwards to the customer's service. */
  void tunnelReady(Endpoint local);

  /** Control passed to someone else: the local port is closed. */
  void tunnelClosed(Endpoint local);

  /** This agent holds control but the local port could not be bound again. */
  void tunnelFailed(Endpoint local, String error);

  /**
   * Control moved.
   *
   * @param holder the display name of who holds it now, empty for nobody
   * @param mine whether this agent holds it
   */
  void controlChanged(String holder, boolean mine);

  /**
   * Someone asks this agent, who holds control, to pass it on.
   *
   * @param requesterId their participant id, to grant with
   * @param requester their display name
   */
  void controlRequested(String requesterId, String requester);

  /** A notice from the broker, already in the agent's language. */
  void notice(Notice notice);

  /** Who is connected changed. */
  void participants(List<Participant> participants);

  /** A local connection is carried to the customer's service. */
  void connectionOpened(int channel);

  /** A carried connection closed; {@code error} is empty for a clean end. */
  void connectionClosed(int channel, String error);

  /** A chat line arrived. */
  void chat(String from, String text);

  /** Joined to watch the screen (no tunnel asked for); {@code hasControl} says who drives. */
  default void watching(boolean hasControl) {}

  /** A screen update from the customer; a terminal has no screen to show. */
  default void screen(ScreenFrame frame) {}

  /** Clipboard text from the customer's machine; a terminal has no clipboard to fill. */
  default void clipboard(String text) {}

  /** This agent left; the session goes on for the others. */
  void left();

  /** The broker ended the session. */
  void ended(SessionEnded ended);

  /** The broker refused to join the stream to the session (e.g. not offered to this agent). */
  void joinRefused(Throwable failure);

  /** The stream failed without the broker ending the session. */
  void failed(Throwable failure);
}
