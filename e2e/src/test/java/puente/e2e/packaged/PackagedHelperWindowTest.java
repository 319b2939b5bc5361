package puente.e2e.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.e2e.Program;
import puente.e2e.Rig;
import puente.e2e.screen.XDisplay;

/**
 * Issue 13: the packaged helper on a desktop, as its shortcut starts it: no flags, no locale, its
 * own runtime drawing its window (fonts, AWT's native libraries) on a real X display, in Spanish;
 * its code reaches the broker. The screenshot is kept as {@code
 * e2e/target/packaged/ventana-codigo.png}.
 */
class PackagedHelperWindowTest {
  static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void opensItsSpanishWindowOnTheDesktopAndRegistersWithTheBroker() throws Exception {
    XDisplay.assumeTools("Xvfb", "xdotool", "import");
    Path root =
        PackagedHelper.unpack(PackagedHelper.deb(), Files.createDirectories(dir.resolve("root")));
    try (Rig rig = Rig.start(dir.resolve("rig"), puente.e2e.Program.alwaysOpenPolicy());
        XDisplay display = XDisplay.start(1280, 800)) {
      rig.addLicence("LIC-VENTANA", "Papelería La Ventana");
      rig.addStaff("ana", "Ana López", "agent");
      rig.login("ana");
      Path home = Files.createDirectories(dir.resolve("home"));
      Path config = Files.createDirectories(home.resolve(".config/puente"));
      Files.writeString(
          config.resolve("helper.properties"),
          String.join(
              "\n",
              "broker = 127.0.0.1:" + rig.grpcPort(),
              "licence = LIC-VENTANA",
              "product = contabilidad",
              "version = 2026.2",
              "service = 127.0.0.1:9"));
      Map<String, String> env = new HashMap<>();
      env.put("HOME", home.toString());
      env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
      env.put("DISPLAY", display.name());

      try (Program helper =
          Program.startExecutable(
              root.resolve(PackagedHelper.INSTALL_DIR + "/bin/puente-ayuda"), env)) {
        String window = awaitWindow(display, "Puente: ayuda remota");
        assertThat(window).isEqualTo("Puente: ayuda remota");
        // The code it shows was registered: the broker opened the customer's ticket.
        awaitTicketOf(rig, "Papelería La Ventana");

        Path shot =
            display.screenshot(
                Path.of("target", "packaged", "ventana-codigo.png").toAbsolutePath());
        assertThat(colours(ImageIO.read(shot.toFile())))
            .as("a drawn window, not an empty screen")
            .isGreaterThan(8);
        assertThat(helper.output()).doesNotContain("Exception");
      }
    }
  }

  /** Waits for a window whose title starts with {@code title}; returns the full title. */
  static String awaitWindow(XDisplay display, String title) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      XDisplay.Outcome found =
          display.run(Duration.ofSeconds(10), "xdotool", "search", "--name", "^" + title);
      if (found.exit() == 0 && !found.output().isBlank()) {
        String id = found.output().lines().findFirst().orElseThrow().trim();
        return display.run(Duration.ofSeconds(10), "xdotool", "getwindowname", id).output().trim();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no window titled " + title + " within " + WAIT);
  }

  static void awaitTicketOf(Rig rig, String customer) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try (Program list = rig.agent("ana", "tickets", "list")) {
        list.awaitExit(Duration.ofSeconds(30));
        last = list.output();
      }
      if (last.contains(customer)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no ticket for " + customer + ": " + last);
  }

  static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
