package puente.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One always-open broker shared by the test classes whose sessions cannot disturb each other (each
 * uses licence keys of its own), so that the suite pays for starting a broker, adding the licences,
 * adding a member of staff and logging them in only once. Test classes get it as a constructor or
 * {@code @BeforeAll} parameter with {@code @ExtendWith(SharedRig.class)}; it is stopped when the
 * whole run ends.
 *
 * <p>Settings: a live session whose agent vanished waits only two seconds in the specialist queue;
 * throttling starts late, since every test calls from 127.0.0.1. The policy is a copy of the
 * always-open one in the rig's folder ({@link Rig#policyFile()}): a test that edits it must put it
 * back. Staff: {@link #AGENT}, logged in. Licences: {@code shared-licences.csv}.
 */
public final class SharedRig implements ParameterResolver {
  /** The logged-in agent's user name. */
  public static final String AGENT = "ana";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Rig.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedRig.class))
        .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class)
        .rig;
  }

  /** The rig and its folder, closed by JUnit at the end of the run. */
  private static final class Running implements AutoCloseable {
    private final Path dir;
    private final Rig rig;

    private Running(Path dir, Rig rig) {
      this.dir = dir;
      this.rig = rig;
    }

    static Running start() {
      try {
        Path dir = Files.createTempDirectory("puente-e2e-");
        Path policy = Files.copy(Program.alwaysOpenPolicy(), dir.resolve("policy.yaml"));
        Rig rig = Rig.start(dir, policy, "sessions.queueTimeout=PT2S", "throttle.freeFailures=50");
        Path licences = dir.resolve("licences.csv");
        try (var in = SharedRig.class.getResourceAsStream("/shared-licences.csv")) {
          Files.copy(in, licences);
        }
        Program load = rig.admin(null, "licence", "import", licences.toString());
        if (load.awaitExit(Duration.ofSeconds(60)) != 0) {
          throw new AssertionError("licence import failed: " + load.output());
        }
        rig.addStaff(AGENT, "Ana López", "agent");
        rig.login(AGENT);
        return new Running(dir, rig);
      } catch (Exception e) {
        throw new IllegalStateException("shared rig did not start", e);
      }
    }

    @Override
    public void close() throws Exception {
      try {
        rig.close();
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(SharedRig::delete);
        }
      }
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
