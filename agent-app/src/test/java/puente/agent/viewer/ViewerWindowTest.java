package puente.agent.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The viewer window on a real X display (Xvfb): {@link ViewerScenes} drives it through watching,
 * paused, resumed and ended in its own JVM on that display, and reports what is visible. The PNGs
 * stay under {@code agent-app/target/viewer-screens/}.
 *
 * <p>Without Xvfb the test is skipped with a message; CI sets {@code PUENTE_REQUIRE_XVFB=1}, which
 * turns the skip into a failure.
 */
class ViewerWindowTest {
  static final Path SCREENS = Paths.get("target", "viewer-screens");
  static Process xvfb;
  static String display;

  @BeforeAll
  static void startDisplay() throws Exception {
    boolean installed = onPath("Xvfb");
    String message = "Xvfb is not installed (apt-get install xvfb): viewer window test skipped";
    if (!installed && "1".equals(System.getenv("PUENTE_REQUIRE_XVFB"))) {
      throw new AssertionError(message);
    }
    Assumptions.assumeTrue(installed, message);
    for (int number = 240; number < 340 && display == null; number++) {
      if (Files.exists(Paths.get("/tmp/.X" + number + "-lock"))
          || Files.exists(Paths.get("/tmp/.X11-unix/X" + number))) {
        continue;
      }
      Process server =
          new ProcessBuilder(
                  "Xvfb", ":" + number, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && server.isAlive()
          && !Files.exists(Paths.get("/tmp/.X11-unix/X" + number))) {
        Thread.sleep(100);
      }
      if (server.isAlive() && Files.exists(Paths.get("/tmp/.X11-unix/X" + number))) {
        xvfb = server;
        display = ":" + number;
      } else {
        server.destroyForcibly();
      }
    }
    assertThat(display).as("a free X display").isNotNull();
  }

  @AfterAll
  static void stopDisplay() throws Exception {
    if (xvfb != null) {
      xvfb.destroy();
      xvfb.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void namesTheCustomerAndSaysPlainlyWhenPausedAndWhenOver() throws Exception {
    Properties seen = scenes("owner-es", "es-MX", "Contadores Rivera SC", "owner");

    assertThat(seen.getProperty("live.title"))
        .isEqualTo("Puente: pantalla de Contadores Rivera SC");
    assertThat(seen.getProperty("live.banner.text")).isEqualTo("Pantalla de Contadores Rivera SC");
    assertThat(seen.getProperty("live.banner.showing")).isEqualTo("true");
    assertThat(enabled(seen, "live", "request", "release", "clipboard", "chatLine", "end"))
        .containsExactly(false, true, true, true, true);

    assertThat(seen.getProperty("paused.banner.text"))
        .startsWith("Contadores Rivera SC pausó el uso compartido")
        .contains("hasta que lo reanude");
    // Paused: nothing reaches the customer's machine, but talking and control changes still work.
    assertThat(enabled(seen, "paused", "request", "release", "clipboard", "chatLine", "end"))
        .containsExactly(false, true, false, true, true);

    assertThat(seen.getProperty("resumed.banner.text"))
        .isEqualTo("Pantalla de Contadores Rivera SC");
    assertThat(enabled(seen, "resumed", "clipboard")).containsExactly(true);

    assertThat(seen.getProperty("ended.banner.text"))
        .isEqualTo(
            "La sesión terminó: El cliente terminó la sesión. Ya no ve ni controla la pantalla de"
                + " Contadores Rivera SC; puede cerrar esta ventana.");
    assertThat(
            enabled(
                seen,
                "ended",
                "request",
                "release",
                "clipboard",
                "chatLine",
                "participants",
                "end"))
        .containsExactly(false, false, false, false, false, true);
    assertThat(seen.getProperty("ended.end.text")).isEqualTo("Cerrar ventana");
  }

  @Test
  void theBannerIsOnScreenAcrossTheWindowInItsStateColour() throws Exception {
    Properties seen = scenes("colours", "es-MX", "Contadores Rivera SC", "owner");

    int[] live = bounds(seen, "live.banner");
    assertThat(live[2]).as("banner width").isGreaterThan(1000);
    assertThat(live[3]).as("banner height").isGreaterThan(15);
    // Sampled on the screenshots, at the banner's right end where no text is drawn.
    assertThat(pixel("colours", "paused", live)).isEqualTo(new Color(0xFCF1C2));
    assertThat(pixel("colours", "ended", live)).isEqualTo(new Color(0xF2DEDE));
    assertThat(pixel("colours", "live", live)).isEqualTo(new Color(0xE3EEF9));
  }

  @Test
  void aSpecialistWhoJoinedSeesTheCustomerByNameAndLeavesInsteadOfEnding() throws Exception {
    // Joined before the queue named the customer: the name comes from who is connected.
    Properties seen = scenes("joined-en", "en", "", "joined");

    assertThat(seen.getProperty("live.title")).isEqualTo("Puente: Contadores Rivera SC's screen");
    assertThat(seen.getProperty("live.banner.text")).isEqualTo("Contadores Rivera SC's screen");
    assertThat(seen.getProperty("live.end.text")).isEqualTo("Leave the session");
    assertThat(seen.getProperty("paused.banner.text"))
        .startsWith("Contadores Rivera SC paused sharing");
    assertThat(seen.getProperty("ended.end.text")).isEqualTo("Close window");
  }

  /** Runs the scenes in a JVM on the test's display and reads what they report. */
  static Properties scenes(String name, String language, String customer, String role)
      throws Exception {
    Path dir = SCREENS.resolve(name);
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Djava.awt.headless=false",
                "-cp",
                System.getProperty("java.class.path"),
                ViewerScenes.class.getName(),
                dir.toString(),
                language,
                customer,
                role));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DISPLAY", display);
    Process scenes = builder.start();
    byte[] output = scenes.getInputStream().readAllBytes();
    assertThat(scenes.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(scenes.exitValue()).as(text).isZero();
    Properties seen = new Properties();
    seen.load(new java.io.StringReader(text.replace("\\", "\\\\")));
    for (String state : List.of("live", "paused", "resumed", "ended")) {
      assertThat(dir.resolve("viewer-" + state + ".png")).isNotEmptyFile();
    }
    return seen;
  }

  static List<Boolean> enabled(Properties seen, String state, String... names) {
    List<Boolean> flags = new ArrayList<>();
    for (String name : names) {
      String value = seen.getProperty(state + "." + name + ".enabled");
      assertThat(value).as(state + "." + name).isNotNull();
      flags.add(Boolean.parseBoolean(value));
    }
    return flags;
  }

  static int[] bounds(Properties seen, String key) {
    String value = seen.getProperty(key + ".bounds");
    assertThat(value).as(key + ".bounds").isNotNull();
    String[] parts = value.split(",");
    int[] numbers = new int[4];
    for (int i = 0; i < 4; i++) {
      numbers[i] = Integer.parseInt(parts[i].strip());
    }
    return numbers;
  }

  static Color pixel(String name, String state, int[] banner) throws Exception {
    File png = SCREENS.resolve(name).resolve("viewer-" + state + ".png").toFile();
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png.toPath())));
    return new Color(image.getRGB(banner[0] + banner[2] - 4, banner[1] + banner[3] / 2));
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Paths.get(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
