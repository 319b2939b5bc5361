package puente.customer.desktop;

import java.awt.Robot;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the way of typing that this machine offers. */
final class Typists {
  private static final Logger log = LoggerFactory.getLogger(Typists.class);

  private Typists() {}

  /**
   * SendInput on Windows; XTest on the X display in {@code DISPLAY}; else Robot, which pastes what
   * a US keyboard cannot type.
   *
   * @param robot the desktop's robot, for the fallback
   * @param clipboard sets the clipboard, for the fallback
   * @return the typist
   */
  static Typist forThisDesktop(Robot robot, Consumer<String> clipboard) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    try {
      if (os.startsWith("windows")) {
        return SendInputTypist.system();
      }
      String display = System.getenv("DISPLAY");
      if (display != null && !display.isBlank() && !os.startsWith("mac")) {
        return XTestTypist.open(display);
      }
    } catch (LinkageError | IllegalStateException e) {
      log.warn("typing falls back to Robot: {}", e.toString());
    }
    return new RobotTypist(new KeyStrokes(robot, clipboard));
  }
}
