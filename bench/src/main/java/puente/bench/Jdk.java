package puente.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the JDK's own tools ({@code jcmd}, {@code jfr}) from the JDK running the benchmark. */
final class Jdk {
  private Jdk() {}

  /**
   * Runs a JDK tool and returns its output.
   *
   * @throws IOException if it fails or runs longer than two minutes
   */
  static String run(String tool, String... args) throws IOException, InterruptedException {
    Path bin = Path.of(System.getProperty("java.home"), "bin", tool);
    List<String> command = new ArrayList<>();
    command.add(Files.isExecutable(bin) ? bin.toString() : tool);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException(
          String.join(" ", command) + " failed:\n" + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
