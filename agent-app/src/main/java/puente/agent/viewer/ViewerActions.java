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

  /** Ends the session for everyone. */
  void endSession();
}
