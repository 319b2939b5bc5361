package puente.agent.viewer;

import puente.v1.RelayFrame;

/** What the viewer window asks of the session. Calls may come from the Swing event thread. */
public interface ViewerActions {
  /**
   * Sends input, clipboard text, chat or a request for a full frame.
   *
   * @param frame the frame
   */
  void send(RelayFrame frame);

  /** Asks for control (the customer is asked to consent). */
  void requestControl();

  /** Gives control up. */
  void releaseControl();

  /**
   * Hands control to another participant (the customer may veto).
   *
   * @param participantId who gets it
   */
  void grantControl(String participantId);

  /**
   * The agent is done with the window: ends the session for everyone, or only leaves it when {@link
   * #endsForEveryone()} is false (a specialist who joined).
   */
  void endSession();

  /** Whether {@link #endSession()} ends the session for everyone (the window's button says so). */
  default boolean endsForEveryone() {
    return true;
  }
}
