package puente.e2e.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.e2e.Program;
import puente.e2e.Rig;

/**
 * A real VNC server (x11vnc) on the customer's display, reached through the Puente tunnel by a real
 * VNC client (vncsnapshot): the snapshot matches the display. vncsnapshot writes JPEG, so "matches"
 * here means a mean difference under {@value #MAX_MEAN_DIFFERENCE} per channel (0-255) and fewer
 * than {@value #MAX_DIFFERING_PERCENT}% of pixels off by more than {@value #TOLERANCE}.
 */
class VncThroughTunnelTest {
  static final double MAX_MEAN_DIFFERENCE = 2.0;
  static final double MAX_DIFFERING_PERCENT = 1.0;
  static final int TOLERANCE = 48;

  @TempDir Path dir;

  @BeforeAll
  static void needsX() {
    XDisplay.assumeTools("Xvfb", "xdotool", "import", "x11vnc", "vncsnapshot");
  }

  @Test
  void vncSnapshotThroughTheTunnelMatchesTheCustomersDisplay() throws Exception {
    try (Scene scene = Scene.start(dir)) {
      scene.showPattern();
      int vncPort = Rig.freePort();
      Process vnc =
          new ProcessBuilder(
                  "x11vnc",
                  "-display",
                  scene.customer.name(),
                  "-localhost",
                  "-rfbport",
                  String.valueOf(vncPort),
                  "-nopw",
                  "-forever",
                  "-shared",
                  "-quiet")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("x11vnc.log").toFile())
              .start();
      try {
        Program helper = scene.helper("--service", "127.0.0.1:" + vncPort, "--no-screen");
        String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", Duration.ofSeconds(60)).group(1);
        Program agent = scene.agentApp("open", code, "--forward", "127.0.0.1:0");
        helper.awaitLine("¿Lo permite\\?", Duration.ofSeconds(60));
        helper.type("s");
        Matcher ready =
            agent.awaitLine(
                "Túnel listo: (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)", Duration.ofSeconds(60));

        Files.createDirectories(ScreenSharingTest.OUTPUT);
        Path snapshot = ScreenSharingTest.OUTPUT.resolve("vnc-through-tunnel.jpg");
        Files.deleteIfExists(snapshot);
        XDisplay.Outcome taken =
            scene.customer.run(
                Duration.ofSeconds(60),
                "vncsnapshot",
                "-quiet",
                "-nojpeg",
                "-quality",
                "100",
                "-nocursor",
                ready.group(1) + "::" + ready.group(2),
                snapshot.toString());
        Path display =
            scene.customer.screenshot(ScreenSharingTest.OUTPUT.resolve("vnc-customer-display.png"));

        assertThat(taken.exit()).as("vncsnapshot: %s", taken.output()).isZero();
        BufferedImage seen = Pictures.read(snapshot);
        BufferedImage expected = Pictures.read(display);
        assertThat(List.of(seen.getWidth(), seen.getHeight()))
            .containsExactly(expected.getWidth(), expected.getHeight());
        double mean = Pictures.meanDifference(expected, seen);
        double differing = 100 * Pictures.differing(expected, seen, 0, 0, TOLERANCE);
        System.out.printf("vnc: mean difference %.3f, %.3f%% of pixels differ%n", mean, differing);
        assertThat(mean).isLessThan(MAX_MEAN_DIFFERENCE);
        assertThat(differing).isLessThan(MAX_DIFFERING_PERCENT);
        assertThat(agent.output()).contains("Conexión 1 abierta");

        agent.type("q");
        assertThat(agent.awaitExit(Duration.ofSeconds(30))).isZero();
        helper.awaitLine("El agente terminó la sesión", Duration.ofSeconds(30));
      } finally {
        vnc.destroy();
        vnc.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
