package puente.e2e.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.e2e.Program;

/**
 * A specialist joins an escalated session with the viewer ({@code join --view}, P15), through the
 * real programs: Ana opens the session in her viewer and escalates it to Sofía, whose viewer, on
 * her own display, shows the customer's screen under a banner with the customer's name; when the
 * customer pauses, the banner turns yellow, and when the session ends, red. Screenshots stay in
 * {@code e2e/target/screen-tests/}.
 */
class JoinViewerTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  // The viewer's banner colours (agent-app's SessionBanner), sampled at its right end.
  static final Color LIVE = new Color(0xE3EEF9);
  static final Color PAUSED = new Color(0xFCF1C2);
  static final Color OVER = new Color(0xF2DEDE);

  @TempDir Path dir;

  @BeforeAll
  static void needsX() {
    XDisplay.assumeTools("Xvfb", "xdotool", "import");
  }

  @Test
  void aSpecialistWhoJoinsWithViewSeesTheCustomersScreenNamedAndHowItStands() throws Exception {
    try (Scene scene = Scene.start(dir);
        XDisplay sofiaDisplay = XDisplay.start(1920, 1080)) {
      scene.rig.addStaff("sofia", "Sofía Méndez", "specialist");
      scene.rig.login("sofia");
      scene.showPattern();
      Program helper = scene.helper();
      Program ana = scene.viewWithConsent(helper, "--one-to-one");
      Matcher opened = ana.awaitLine("Sesión ([0-9a-f-]{36}), ticket (\\d+)\\.", WAIT);
      String sessionId = opened.group(1);
      ana.type("escalate sofia");
      ana.awaitLine("escalada a", WAIT);

      try (Program sofia =
          Program.start(
              Program.AGENT,
              sofiaDisplay.env(scene.rig.agentEnv("sofia")),
              "--locale",
              "es-MX",
              "join",
              sessionId,
              "--view",
              "--one-to-one")) {
        sofia.awaitLine("Visor abierto: Contadores Rivera SC", WAIT);
        ScreenSharingTest.awaitViewerShowsCustomer(scene, sofiaDisplay, "join-view");
        assertThat(
                sofiaDisplay
                    .run(
                        Duration.ofSeconds(30),
                        "xdotool",
                        "search",
                        "--name",
                        "Puente: pantalla de Contadores Rivera SC")
                    .exit())
            .as("a window titled with the customer's name")
            .isZero();
        assertThat(banner(sofiaDisplay, "join-view-live")).isEqualTo(LIVE);

        helper.type("p");
        sofia.awaitLine("El cliente pausó", WAIT);
        awaitBanner(sofiaDisplay, "join-view-paused", PAUSED);

        helper.type("q");
        sofia.awaitLine("La sesión terminó", WAIT);
        awaitBanner(sofiaDisplay, "join-view-ended", OVER);
        ana.awaitExit(WAIT);
      }
    }
  }

  /** The banner's colour at its right end, where no text is drawn (toolbar above it, 1920 wide). */
  static Color banner(XDisplay display, String name) throws Exception {
    BufferedImage shot =
        Pictures.read(display.screenshot(ScreenSharingTest.OUTPUT.resolve(name + ".png")));
    return new Color(shot.getRGB(display.width() - 30, 45));
  }

  static void awaitBanner(XDisplay display, String name, Color expected) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    Color seen = null;
    while (System.nanoTime() < deadline) {
      seen = banner(display, name);
      if (seen.equals(expected)) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the banner on " + name + " is " + seen + ", expected " + expected);
  }
}
