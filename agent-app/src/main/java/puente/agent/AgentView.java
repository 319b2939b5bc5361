package puente.agent;

import java.util.List;
import puente.client.Endpoint;
import puente.v1.OpenSessionResponse;
import puente.v1.Participant;
import puente.v1.SessionEnded;

/**
 * What an {@link AgentSession} shows the agent: the terminal today, a window later. Called on
 * gRPC threads; must not block.
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

  /** The broker tells the agent something, already worded (e.g. the office closes soon, P12). */
  void notice(String message);

  /** The broker ended the session. */
  void ended(SessionEnded ended);

  /** The stream failed without the broker ending the session. */
  void failed(Throwable failure);
}
