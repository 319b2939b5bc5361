package puente.e2e.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.e2e.Program;

/**
 * Screen sharing through the real programs on virtual X displays: the helper captures the
 * customer's display, the agent's viewer shows it on the agent's display, and the agent's mouse and
 * keyboard (played there with xdotool) reach a window on the customer's display.
 *
 * <p>"Matches" means: after aligning the viewer's picture by the pattern's magenta marker, fewer
 * than {@value #MAX_DIFFERING_PERCENT}% of the customer display's pixels differ by more than
 * {@value #TOLERANCE} in any channel from the viewer's (the only expected difference is the
 * pointer, which the viewer draws and a screenshot leaves out). Screenshots of both displays are
 * kept in {@code e2e/target/screen-tests/}.
 */
class ScreenSharingTest {
  static final double MAX_DIFFERING_PERCENT = 0.5;
  static final int TOLERANCE = 16;
  static final Path OUTPUT = Paths.get("target", "screen-tests");

  @TempDir Path dir;

  @BeforeAll
  static void needsX() {
    XDisplay.assumeTools("Xvfb", "xdotool", "import");
  }

  @Test
  void theViewerShowsWhatIsOnTheCustomersDisplay() throws Exception {
    try (Scene scene = Scene.start(dir)) {
      scene.showPattern();
      Program helper = scene.helper();
      Program viewer = scene.viewWithConsent(helper, "--one-to-one");

      int[] offset = awaitViewerShowsCustomer(scene, "view");

      assertThat(offset).as("the picture is inside the viewer window").isNotNull();
      viewer.type("q");
      assertThat(viewer.awaitExit(Duration.ofSeconds(30))).isZero();
      helper.awaitLine("El agente terminó la sesión", Duration.ofSeconds(30));
    }
  }

  @Test
  void theAgentTypesAndClicksIntoAWindowOnTheCustomersDisplay() throws Exception {
    try (Scene scene = Scene.start(dir)) {
      scene.showPattern();
      Program helper = scene.helper();
      Program viewer = scene.viewWithConsent(helper, "--one-to-one");
      viewer.awaitLine("Usted tiene el control", Duration.ofSeconds(30));
      int[] offset = awaitViewerShowsCustomer(scene, "input-before");

      XDisplay agent = scene.agent;
      int[] field = scene.field();
      agent.xdotool(
          "mousemove", String.valueOf(field[0] + offset[0]), String.valueOf(field[1] + offset[1]));
      agent.xdotool("click", "1");
      awaitTyped(scene, "text=", Duration.ofSeconds(5));
      agent.xdotool("type", "--delay", "60", "Hola Puente 123");
      awaitTyped(scene, "text=Hola Puente 123\n", Duration.ofSeconds(30));
      int[] button = scene.button();
      agent.xdotool(
          "mousemove",
          String.valueOf(button[0] + offset[0]),
          String.valueOf(button[1] + offset[1]));
      agent.xdotool("click", "1");
      awaitTyped(scene, "clicks=1\n", Duration.ofSeconds(30));

      // The typed text is on the customer's display, and the viewer shows it too.
      awaitViewerShowsCustomer(scene, "input-after");
      viewer.type("q");
      assertThat(viewer.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void pauseFreezesTheViewerAndTheBrokerNeverHadToRefuseAFrame() throws Exception {
    try (Scene scene = Scene.start(dir)) {
      scene.showPattern();
      Program helper = scene.helper();
      Program viewer = scene.viewWithConsent(helper, "--one-to-one");
      int[] offset = awaitViewerShowsCustomer(scene, "pause-before");

      helper.type("p");
      viewer.awaitLine("Aviso: El cliente pausó", Duration.ofSeconds(30));
      // The customer keeps working while paused: type into the pattern window on their display.
      int[] field = scene.field();
      scene.customer.xdotool("mousemove", String.valueOf(field[0]), String.valueOf(field[1]));
      scene.customer.xdotool("click", "1");
      scene.customer.xdotool("type", "--delay", "30", "mientras pausa");
      awaitTyped(scene, "text=mientras pausa\n", Duration.ofSeconds(30));
      Thread.sleep(1500);
      Path frozen = scene.agent.screenshot(OUTPUT.resolve("paused-agent-viewer.png"));
      Path now = scene.customer.screenshot(OUTPUT.resolve("paused-customer-display.png"));
      BufferedImage before = Pictures.read(OUTPUT.resolve("pause-before-customer-display.png"));
      // The text field, where the customer typed during the pause.
      int x = field[0] - 150;
      int y = field[1] - 16;
      BufferedImage fieldBefore = before.getSubimage(x, y, 300, 32);
      assertThat(Pictures.differing(fieldBefore, Pictures.read(now), x, y, TOLERANCE))
          .as("the customer's field changed during the pause")
          .isGreaterThan(0.02);
      assertThat(
              Pictures.differing(
                  fieldBefore, Pictures.read(frozen), x + offset[0], y + offset[1], TOLERANCE))
          .as("the viewer still shows the field as it was before the pause")
          // A caret blinking in the last frame before the pause may differ by a few pixels;
          // the typing during the pause changes well over 2% of the field (asserted above).
          .isLessThan(0.005);

      helper.type("r");
      awaitViewerShowsCustomer(scene, "pause-after");
      viewer.type("q");
      assertThat(viewer.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(scene.rig.http("/metrics").body())
          .as("no frame came before consent or during the pause")
          .doesNotContain("reason=\"BEFORE_CONSENT\"")
          .doesNotContain("reason=\"PAUSED\"");
    }
  }

  /**
   * Waits until the agent's display shows the customer's display inside the viewer; keeps the last
   * pair of screenshots.
   *
   * @return where the customer's (0, 0) is on the agent's display
   */
  static int[] awaitViewerShowsCustomer(Scene scene, String name) throws Exception {
    return awaitViewerShowsCustomer(scene, scene.agent, name);
  }

  /**
   * Waits until a viewer's display shows the customer's display; keeps the last pair of
   * screenshots.
   *
   * @return where the customer's (0, 0) is on the viewer's display
   */
  static int[] awaitViewerShowsCustomer(Scene scene, XDisplay viewerDisplay, String name)
      throws Exception {
    Files.createDirectories(OUTPUT);
    Path customerShot = OUTPUT.resolve(name + "-customer-display.png");
    Path agentShot = OUTPUT.resolve(name + "-agent-viewer.png");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "no screenshot yet";
    while (System.nanoTime() < deadline) {
      BufferedImage customer = Pictures.read(scene.customer.screenshot(customerShot));
      BufferedImage agent = Pictures.read(viewerDisplay.screenshot(agentShot));
      int[] seen = Pictures.find(agent, PatternApp.MARKER);
      int[] marker = scene.marker();
      if (seen != null) {
        int[] offset = {seen[0] - marker[0], seen[1] - marker[1]};
        double differing =
            100 * Pictures.differing(customer, agent, offset[0], offset[1], TOLERANCE);
        last =
            String.format(
                "%.3f%% of pixels differ (offset %d,%d)", differing, offset[0], offset[1]);
        if (differing < MAX_DIFFERING_PERCENT) {
          System.out.println(name + ": " + last);
          return offset;
        }
      } else {
        last = "the marker is not on the agent's display yet";
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the viewer never matched the customer's display: "
            + last
            + "; screenshots in "
            + OUTPUT.toAbsolutePath());
  }

  static void awaitTyped(Scene scene, String expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String content = "";
    while (System.nanoTime() < deadline) {
      content = Files.exists(scene.typed) ? Files.readString(scene.typed) : "";
      if (content.contains(expected)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "the customer's window never got " + expected.strip() + "; it has: " + content);
  }
}
