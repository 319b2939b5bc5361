package puente.e2e.packaged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import puente.e2e.Program;
import puente.e2e.Rig;

/**
 * How long the packaged helper takes from its launcher's start to a code on the screen, against a
 * broker on loopback, several times in a row (docs/BENCHMARKS.md). The first run is the first ever
 * start of the unpacked package; the package's files are in the page cache (just unpacked), so
 * "cold" here means a new process, not a cold disk. For comparison, the same with {@code java -jar}
 * on the machine's JDK.
 *
 * <p>Run: {@code ./mvnw -pl e2e -Pbench-helper-start -DskipTests verify} after {@code ./mvnw
 * -DskipTests package}.
 */
public final class PackagedStartBenchmark {
  private static final String CODE = "(\\d{3} \\d{3} \\d{3})";

  private PackagedStartBenchmark() {}

  /**
   * Runs the measurement.
   *
   * @param args none; the system property {@code puente.runs} sets the number of runs (default 7)
   */
  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("puente.runs", 7);
    Path dir = Files.createTempDirectory("puente-start-");
    Path root = PackagedHelper.unpack(PackagedHelper.deb(), dir.resolve("root"));
    Path launcher = root.resolve(PackagedHelper.INSTALL_DIR).resolve("bin/puente-ayuda");
    try (Rig rig = Rig.start(dir.resolve("rig"), Program.alwaysOpenPolicy())) {
      rig.addLicence("LIC-ARRANQUE", "Arranque SA");
      Path config = Files.createDirectories(dir.resolve("config/puente"));
      Files.writeString(
          config.resolve("helper.properties"),
          String.join(
              "\n",
              "broker = 127.0.0.1:" + rig.grpcPort(),
              "licence = LIC-ARRANQUE",
              "product = contabilidad",
              "version = 2026.2",
              "service = 127.0.0.1:5900",
              ""));
      Map<String, String> env =
          Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", config.getParent().toString());
      List<Long> packaged = new ArrayList<>();
      List<Long> jar = new ArrayList<>();
      boolean jarFresh = true;
      for (int i = 0; i < runs; i++) {
        packaged.add(timeToCode(() -> Program.startExecutable(launcher, env)));
        try {
          if (jarFresh) {
            jar.add(
                timeToCode(
                    () ->
                        Program.start(
                            Program.HELPER,
                            List.of("XDG_CONFIG_HOME", config.getParent().toString()),
                            "--ui",
                            "terminal")));
          }
        } catch (IllegalStateException stale) {
          System.out.println("java -jar comparison left out: " + stale.getMessage());
          jarFresh = false;
        }
      }
      report("packaged (bin/puente-ayuda, own runtime)", packaged);
      if (!jar.isEmpty()) {
        report("java -jar puente-customer-app.jar (machine's JDK 17)", jar);
      }
      System.out.printf(
          "app image %s MB, .deb %s MB%n",
          megabytes(root.resolve(PackagedHelper.INSTALL_DIR)),
          Files.size(PackagedHelper.deb()) / 1_000_000);
    }
  }

  private interface Starter {
    Program start() throws Exception;
  }

  private static long timeToCode(Starter starter) throws Exception {
    long started = System.nanoTime();
    try (Program helper = starter.start()) {
      helper.awaitLine(CODE, Duration.ofSeconds(120));
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      helper.type("q");
      helper.awaitExit(Duration.ofSeconds(30));
      return millis;
    }
  }

  private static void report(String what, List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf(
        "%s: first %d ms; median %d ms, min %d ms, max %d ms over %d runs; all %s%n",
        what,
        millis.get(0),
        sorted.get(sorted.size() / 2),
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        millis.size(),
        millis);
  }

  private static long megabytes(Path folder) throws Exception {
    try (var files = Files.walk(folder)) {
      long bytes =
          files
              .filter(Files::isRegularFile)
              .mapToLong(
                  f -> {
                    try {
                      return Files.size(f);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .sum();
      return bytes / 1_000_000;
    }
  }
}
