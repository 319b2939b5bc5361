package puente.e2e.screen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A virtual X display (Xvfb) for one test, plus the X tools the tests drive it with: ImageMagick
 * {@code import} for screenshots and {@code xdotool} for the agent's mouse and keyboard.
 *
 * <p>Without Xvfb these tests are skipped with a message; CI ({@code .ci/run}) installs it and sets
 * {@code PUENTE_REQUIRE_XVFB=1}, which turns the skip into a failure.
 */
public final class XDisplay implements AutoCloseable {
  private final int number;
  private final Process server;
  private Process windowManager;
  private final int width;
  private final int height;

  private XDisplay(int number, Process server, int width, int height) {
    this.number = number;
    this.server = server;
    this.width = width;
    this.height = height;
  }

  /** Skips the test (or fails it on CI) unless Xvfb and the X tools are installed. */
  public static void assumeTools(String... tools) {
    List<String> missing = new ArrayList<>();
    for (String tool : tools) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    String message =
        "not installed: "
            + String.join(", ", missing)
            + " (apt-get install xvfb x11vnc vncsnapshot xdotool imagemagick x11-xkb-utils): screen tests skipped";
    if (!missing.isEmpty() && "1".equals(System.getenv("PUENTE_REQUIRE_XVFB"))) {
      throw new AssertionError(message);
    }
    Assumptions.assumeTrue(missing.isEmpty(), message);
  }

  /** Starts an Xvfb display of the given size on the first free display number from 90. */
  public static XDisplay start(int width, int height) throws Exception {
    for (int number = 90; number < 190; number++) {
      if (Files.exists(Paths.get("/tmp/.X" + number + "-lock"))
          || Files.exists(Paths.get("/tmp/.X11-unix/X" + number))) {
        continue;
      }
      Process server =
          new ProcessBuilder(
                  "Xvfb",
                  ":" + number,
                  "-screen",
                  "0",
                  width + "x" + height + "x24",
                  "-nolisten",
                  "tcp")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      XDisplay display = new XDisplay(number, server, width, height);
      if (display.awaitReady()) {
        return display;
      }
      display.close();
    }
    throw new AssertionError("no free X display number between :90 and :189");
  }

  private boolean awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        return false;
      }
      if (Files.exists(Paths.get("/tmp/.X11-unix/X" + number))
          && run(Duration.ofSeconds(10), "xdotool", "getdisplaygeometry").exit() == 0) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** {@code :N}. */
  public String name() {
    return ":" + number;
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** The environment for a program that should use this display. */
  List<String> env() {
    return List.of("DISPLAY", name());
  }

  /** The same environment with more name/value pairs. */
  List<String> env(List<String> more) {
    List<String> all = new ArrayList<>(env());
    all.addAll(more);
    return all;
  }

  /**
   * Starts a window manager (openbox) on this display, as a customer's desktop has one: it stacks,
   * raises and decorates windows. Stopped with the display.
   *
   * @return whether one runs (false when openbox is not installed)
   */
  public boolean startWindowManager() throws Exception {
    if (!onPath("openbox")) {
      return false;
    }
    ProcessBuilder builder =
        new ProcessBuilder("openbox")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("DISPLAY", name());
    windowManager = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      // A window manager names itself on the root window once it manages the display.
      if (run(Duration.ofSeconds(10), "xprop", "-root", "_NET_SUPPORTING_WM_CHECK")
          .output()
          .contains("window id")) {
        return true;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("openbox did not start on " + name());
  }

  /** Saves the whole display as a PNG with ImageMagick {@code import}. */
  public Path screenshot(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Outcome outcome = run(Duration.ofSeconds(30), "import", "-window", "root", file.toString());
    if (outcome.exit() != 0) {
      throw new AssertionError("import failed: " + outcome.output());
    }
    return file;
  }

  /** Runs {@code xdotool} on this display. */
  void xdotool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("xdotool"));
    command.addAll(List.of(args));
    Outcome outcome = run(Duration.ofSeconds(30), command.toArray(String[]::new));
    if (outcome.exit() != 0) {
      throw new AssertionError("xdotool " + String.join(" ", args) + ": " + outcome.output());
    }
  }

  /** What a tool printed and how it exited. */
  public record Outcome(int exit, String output) {}

  /** Runs a command with {@code DISPLAY} set to this display. */
  public Outcome run(Duration timeout, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DISPLAY", name());
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      return new Outcome(-1, "timed out: " + String.join(" ", command));
    }
    return new Outcome(process.exitValue(), new String(output));
  }

  @Override
  public void close() throws InterruptedException {
    if (windowManager != null) {
      windowManager.destroy();
      windowManager.waitFor(10, TimeUnit.SECONDS);
    }
    server.destroy();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Paths.get(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
