package puente.customer;

import java.util.List;
import puente.v1.AccessKind;
import puente.v1.ConsentPrompt;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.SessionEnded;
import puente.v1.SessionStarted;

/**
 * What a {@link HelperSession} shows the customer: the terminal today, a window later. Methods are
 * called on gRPC threads and must not block; a consent prompt is answered later through {@link
 * HelperSession#answer}.
 */
interface HelperView {
  /** The helper is connected and waiting for an agent to enter the code. */
  void waiting(String code);

  /** An agent asks for access; answer with {@link HelperSession#answer}. */
  void consentRequested(ConsentPrompt prompt);

  /** What the customer allows now (a yes to a prompt, or a narrowing). */
  default void granted(List<AccessKind> capabilities) {}

  /** The customer accepted and the session is live. */
  void started(SessionStarted started);

  /** A notice from the broker (someone joined, control moved…) in the customer's language. */
  void notice(Notice notice);

  /** Who is connected changed. */
  void participants(List<Participant> participants);

  /** A tunnel connection to the service opened. */
  void connectionOpened(int channel);

  /** A tunnel connection closed; {@code error} is empty for a clean end. */
  void connectionClosed(int channel, String error);

  /** A chat line arrived. */
  void chat(String from, String text);

  /** Sharing was paused ({@code true}) or resumed. */
  void paused(boolean paused);

  /** Screen capture stopped working (e.g. the display went away); the session goes on. */
  void screenFailed(RuntimeException failure);

  /** The broker ended the session. */
  void ended(SessionEnded ended);

  /** The stream failed without the broker ending the session. */
  void failed(Throwable failure);
}
