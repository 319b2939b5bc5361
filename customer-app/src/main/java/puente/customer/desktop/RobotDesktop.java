package puente.customer.desktop;

import static java.util.Objects.requireNonNull;

import java.awt.AWTException;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.MouseInfo;
import java.awt.PointerInfo;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.awt.event.InputEvent;
import java.awt.image.BufferedImage;
import java.util.LinkedHashSet;
import java.util.Set;
import puente.client.screen.ScreenPixels;

/**
 * A {@link Desktop} on one monitor through {@link Robot}: captures with {@code
 * createScreenCapture}, moves the pointer, presses buttons and the agent's keys (Enter, arrows,
 * shortcuts), and types the agent's characters with the {@link Typist} this machine offers (XTest
 * on X11, SendInput on Windows: any character in any layout, never through the clipboard).
 */
public final class RobotDesktop implements Desktop {
  private static final int[] BUTTON_MASKS = {
    InputEvent.BUTTON1_DOWN_MASK, InputEvent.BUTTON2_DOWN_MASK, InputEvent.BUTTON3_DOWN_MASK
  };

  private final GraphicsDevice device;
  private final Robot robot;
  private final Typist typist;
  private final Set<Integer> pressedKeys = new LinkedHashSet<>();
  private final Set<Integer> pressedButtons = new LinkedHashSet<>();

  private RobotDesktop(GraphicsDevice device, Robot robot) {
    this.device = device;
    this.robot = robot;
    this.typist = Typists.forThisDesktop(robot, this::setClipboard);
  }

  /**
   * Opens a monitor.
   *
   * @param monitor index among the screen devices, 0 for the first
   * @return the desktop
   * @throws IllegalArgumentException if there is no such monitor
   * @throws IllegalStateException if there is no display (headless) or Robot is not allowed
   */
  public static RobotDesktop open(int monitor) {
    if (GraphicsEnvironment.isHeadless()) {
      throw new IllegalStateException("no display to share (headless)");
    }
    GraphicsDevice[] devices = GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
    if (monitor < 0 || monitor >= devices.length) {
      throw new IllegalArgumentException(
          "monitor: " + monitor + " (expected: 0 to " + (devices.length - 1) + ")");
    }
    try {
      Robot robot = new Robot(devices[monitor]);
      robot.setAutoWaitForIdle(false);
      return new RobotDesktop(devices[monitor], robot);
    } catch (AWTException e) {
      throw new IllegalStateException("screen capture not allowed: " + e.getMessage(), e);
    }
  }

  /**
   * Counts the monitors.
   *
   * @return how many screen devices there are, 0 when headless
   */
  public static int monitors() {
    return GraphicsEnvironment.isHeadless()
        ? 0
        : GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices().length;
  }

  private Rectangle bounds() {
    return device.getDefaultConfiguration().getBounds();
  }

  @Override
  public ScreenPixels capture() {
    BufferedImage image = robot.createScreenCapture(bounds());
    return ScreenPixels.of(image);
  }

  @Override
  public int[] pointer() {
    Rectangle bounds = bounds();
    PointerInfo info = MouseInfo.getPointerInfo();
    if (info == null) {
      return new int[] {0, 0};
    }
    int x = info.getLocation().x - bounds.x;
    int y = info.getLocation().y - bounds.y;
    return new int[] {
      Math.max(0, Math.min(bounds.width - 1, x)), Math.max(0, Math.min(bounds.height - 1, y))
    };
  }

  @Override
  public synchronized void play(puente.v1.InputEvent event) {
    requireNonNull(event, "event");
    Rectangle bounds = bounds();
    switch (event.getKindCase()) {
      case MOVE -> {
        int x = Math.min(event.getMove().getX(), bounds.width - 1);
        int y = Math.min(event.getMove().getY(), bounds.height - 1);
        robot.mouseMove(bounds.x + x, bounds.y + y);
      }
      case BUTTON -> {
        int button = event.getButton().getButton();
        if (button < 1 || button > BUTTON_MASKS.length) {
          return;
        }
        int mask = BUTTON_MASKS[button - 1];
        if (event.getButton().getPressed()) {
          robot.mousePress(mask);
          pressedButtons.add(mask);
        } else {
          robot.mouseRelease(mask);
          pressedButtons.remove(mask);
        }
      }
      case WHEEL -> robot.mouseWheel(event.getWheel().getNotches());
      case KEY -> key(event.getKey().getKeyCode(), event.getKey().getPressed());
      case TEXT -> typist.type(event.getText());
      case TYPED -> typist.type(event.getTyped());
      default -> {
        // An event kind from a newer agent app: nothing to play.
      }
    }
  }

  private void key(int code, boolean pressed) {
    try {
      if (pressed) {
        robot.keyPress(code);
        pressedKeys.add(code);
      } else {
        robot.keyRelease(code);
        pressedKeys.remove(code);
      }
    } catch (IllegalArgumentException e) {
      // A key this keyboard does not have (e.g. from another layout): nothing to press.
    }
  }

  @Override
  public void setClipboard(String text) {
    Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(text), null);
  }

  @Override
  public synchronized void releaseAll() {
    for (int code : Set.copyOf(pressedKeys)) {
      key(code, false);
    }
    for (int mask : Set.copyOf(pressedButtons)) {
      robot.mouseRelease(mask);
    }
    pressedButtons.clear();
    typist.settle();
  }

  @Override
  public boolean typesThroughClipboard() {
    return typist instanceof RobotTypist;
  }

  @Override
  public synchronized void idle() {
    typist.settle();
  }

  @Override
  public String describe() {
    Rectangle bounds = bounds();
    return bounds.width + "×" + bounds.height;
  }

  /**
   * Says how the agent's characters are typed here, for the log.
   *
   * @return e.g. {@code "XTest :0"}
   */
  public String typing() {
    return typist.describe();
  }
}
