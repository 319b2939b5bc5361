package puente.e2e.packaged;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The helper as the build packages it for Linux ({@code customer-dist}): the {@code .deb} unpacked
 * into a folder with {@code dpkg-deb -x}, as installing it would lay it out under {@code /}, but
 * without touching the machine.
 */
final class PackagedHelper {
  /** Where the package installs the helper. */
  static final String INSTALL_DIR = "opt/puente-ayuda";

  private PackagedHelper() {}

  /**
   * The {@code .deb} the build made, checked to be newer than the helper's jar.
   *
   * @throws IllegalStateException if it is missing or stale, saying how to build it
   */
  static Path deb() throws IOException {
    assumeTrue(
        System.getProperty("os.name").startsWith("Linux"),
        "the helper is packaged as a .deb on Linux only");
    Path root = Paths.get(System.getProperty("puente.root")).toAbsolutePath().normalize();
    Path target = root.resolve("customer-dist/target");
    String build = ": run ./mvnw -DskipTests package in " + root + " first";
    Path deb;
    try (Stream<Path> files = Files.list(target)) {
      deb =
          files
              .filter(f -> f.getFileName().toString().matches("puente-ayuda_.*_amd64\\.deb"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no .deb in " + target + build));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException(target + " is missing" + build, e);
    }
    Path jar = root.resolve("customer-app/target/puente-customer-app.jar");
    if (Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(deb)) > 0) {
      throw new IllegalStateException(deb + " is older than " + jar + build);
    }
    return deb;
  }

  /**
   * Unpacks the package into a folder.
   *
   * @return the folder that stands for {@code /}
   */
  static Path unpack(Path deb, Path into) throws IOException, InterruptedException {
    Process unpack =
        new ProcessBuilder(List.of("dpkg-deb", "-x", deb.toString(), into.toString()))
            .redirectErrorStream(true)
            .start();
    String output = new String(unpack.getInputStream().readAllBytes());
    if (!unpack.waitFor(2, TimeUnit.MINUTES) || unpack.exitValue() != 0) {
      throw new AssertionError("dpkg-deb -x failed: " + output);
    }
    return into;
  }
}
