package puente.customer.desktop;

import puente.client.screen.ScreenPixels;
import puente.v1.InputEvent;

/**
 * The customer's screen as the helper shares it: captures the chosen monitor and plays the agent's
 * input on it. Implementations are used from one capture thread and one input thread.
 */
public interface Desktop {
  /**
   * Captures the whole monitor.
   *
   * @return a fresh array of pixels, owned by the caller
   */
  ScreenPixels capture();

  /**
   * Where the pointer is, relative to the monitor's top-left corner.
   *
   * @return {x, y}, clamped to the monitor
   */
  int[] pointer();

  /**
   * Plays one input event from the agent who holds control.
   *
   * @param event the event; coordinates are relative to the captured monitor
   */
  void play(InputEvent event);

  /**
   * Puts text on the customer's clipboard.
   *
   * @param text the text
   */
  void setClipboard(String text);

  /** Releases every key and button the agent left pressed, e.g. on pause or at the end. */
  void releaseAll();

  /**
   * Whether characters this desktop cannot type as keys are pasted through the clipboard (the Robot
   * fallback), which replaces what the customer had copied.
   *
   * @return true only for the fallback
   */
  default boolean typesThroughClipboard() {
    return false;
  }

  /**
   * Input has paused for a moment: undo temporary keyboard changes made to type characters the
   * layout lacks.
   */
  default void idle() {}

  /**
   * Describes the monitor for the customer and the agent, e.g. {@code "1280×800"}.
   *
   * @return the description
   */
  String describe();
}
