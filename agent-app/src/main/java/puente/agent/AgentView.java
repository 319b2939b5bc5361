package puente.agent;

import java.util.List;
import puente.client.Endpoint;
import puente.v1.ControlChanged;
import puente.v1.Notice;
import puente.v1.OpenSessionResponse;
import puente.v1.Participant;
import puente.v1.ScreenFrame;
import puente.v1.SessionEnded;

/**
 * What an {@link AgentSession} shows the agent: the terminal, or the viewer window. Called on
 * gRPC threads; must not block. The screen methods have empty defaults: a terminal has no screen
 * to show.
 */
interface AgentView {
  /** The agent's stream joined, but another participant holds control: no tunnel. */
  void joinedWithoutControl(OpenSessionResponse session);

  /** The local port forwards to the customer's service. */
  void tunnelReady(Endpoint local, OpenSessionResponse session);

  /** Who is connected changed. */
  void participants(List<Participant> participants);

  /** A local connection is carried to the customer's service. */
  void connectionOpened(int channel);

  /** A carried connection closed; {@code error} is empty for a clean end. */
  void connectionClosed(int channel, String error);

  /** A chat line arrived. */
  void chat(String from, String text);

  /** Joined to watch the screen (no tunnel asked for); {@code hasControl} says who drives. */
  default void watching(OpenSessionResponse session, boolean hasControl) {}

  /** A screen update from the customer. */
  default void screen(ScreenFrame frame) {}

  /** Clipboard text from the customer's machine. */
  default void clipboard(String text) {}

  /** Control moved, or someone asks this agent for it. */
  default void control(ControlChanged change) {}

  /** A notice from the broker (paused, refused, joined...). */
  default void notice(Notice notice) {}

  /** The broker ended the session. */
  void ended(SessionEnded ended);

  /** The stream failed without the broker ending the session. */
  void failed(Throwable failure);
}
