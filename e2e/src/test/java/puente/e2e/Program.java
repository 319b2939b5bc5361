package puente.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One of Puente's programs running as an operating-system process, with its output captured line by
 * line so tests can wait for what it prints and type at its prompts. The broker, the helper and the
 * agent app run from the jars the build ships ({@code java -jar broker/target/puente-broker.jar …},
 * as the README tells users); test scenery (a window to share) runs from the test class path.
 */
public final class Program implements AutoCloseable {
  /** The programs users run, each from the jar its module's build ships. */
  public static final Jar BROKER = new Jar("broker", "puente-broker.jar");

  public static final Jar HELPER = new Jar("customer-app", "puente-customer-app.jar");
  public static final Jar AGENT = new Jar("agent-app", "puente-agent-app.jar");

  /** The system property naming the project's root folder (set by the e2e module's pom). */
  static final String ROOT_PROPERTY = "puente.root";

  /**
   * JVM options of every program: no C2 compiler and the serial collector. On a busy two-core
   * machine C2's compiler threads slow start-up and even the 64 MiB tunnel more than C1 code does.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private boolean outputEnded;

  private Program(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(this::readOutput, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a shipped program with {@code java -jar}.
   *
   * @param program one of {@link #BROKER}, {@link #HELPER}, {@link #AGENT}
   * @param env extra environment, as alternating names and values
   * @throws IllegalStateException if its jar is missing or older than its module's code
   */
  public static Program start(Jar program, List<String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("-jar");
    command.add(program.checkedFile().toString());
    command.addAll(List.of(args));
    return launch(program.module(), command, env);
  }

  /**
   * Starts a main class of the tests themselves (scenery such as a window to share) from this JVM's
   * class path.
   *
   * @param env extra environment, as alternating names and values
   */
  public static Program startTestClass(String mainClass, List<String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    return launch(mainClass.substring(mainClass.lastIndexOf('.') + 1), command, env);
  }

  /**
   * Starts a native program, such as the packaged helper's launcher, in an environment of only
   * {@code PATH} and {@code env}: nothing of the machine's (a display, a locale, a config folder)
   * reaches it unless the test gives it.
   *
   * @param env the whole environment besides {@code PATH}
   */
  public static Program startExecutable(Path executable, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    String path = builder.environment().get("PATH");
    builder.environment().clear();
    builder.environment().put("PATH", path);
    builder.environment().putAll(env);
    return new Program(executable.getFileName().toString(), builder.start());
  }

  private static Program launch(String name, List<String> javaArgs, List<String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.addAll(javaArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (int i = 0; i + 1 < env.size(); i += 2) {
      builder.environment().put(env.get(i), env.get(i + 1));
    }
    return new Program(name, builder.start());
  }

  /** Runs a program to completion and returns its exit code; output stays readable. */
  public static Program run(Jar program, List<String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    Program started = start(program, env, args);
    if (stdin != null) {
      started.type(stdin);
    }
    started.awaitExit(Duration.ofSeconds(60));
    return started;
  }

  /** Types a line at the program's standard input. */
  public void type(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /**
   * Waits for an output line matching a pattern.
   *
   * @return the match, for its groups
   * @throws AssertionError with the whole output if none comes in time, or the program ended
   *     without printing one
   */
  public Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
    return awaitLine(0, regex, timeout);
  }

  /**
   * Waits for an output line matching a pattern, among the lines after the first {@code skip} (see
   * {@link #lineCount()}): for a line printed again after an action.
   */
  public Matcher awaitLine(int skip, String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = skip;
    boolean ended = false;
    while (!ended && System.nanoTime() < deadline) {
      synchronized (lines) {
        for (; seen < lines.size(); seen++) {
          Matcher matcher = pattern.matcher(lines.get(seen));
          if (matcher.find()) {
            return matcher;
          }
        }
        ended = outputEnded;
        if (!ended) {
          lines.wait(100);
        }
      }
    }
    throw new AssertionError(
        name
            + " printed no line matching /"
            + regex
            + "/ "
            + (ended ? "before its output ended" : "within " + timeout)
            + "; it printed:\n"
            + output());
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          name + " did not exit within " + timeout + "; it printed:\n" + output());
    }
    return process.exitValue();
  }

  /** How many lines it has printed so far. */
  public int lineCount() {
    synchronized (lines) {
      return lines.size();
    }
  }

  /** Everything printed so far. */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** The process id, e.g. to sample its memory. */
  public long pid() {
    return process.pid();
  }

  /** Whether it still runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills it with SIGKILL. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops it with SIGTERM, then SIGKILL if it lingers. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      kill();
    }
  }

  private void readOutput() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      synchronized (lines) {
        outputEnded = true;
        lines.notifyAll();
      }
    }
  }

  /** The always-open test policy on the class path. */
  public static Path alwaysOpenPolicy() {
    try {
      return Paths.get(Program.class.getResource("/policy-always-open.yaml").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A shipped program's jar, {@code <module>/target/<file>} under the project root, which the
   * module's shade plugin builds at {@code package}.
   *
   * @param module the Maven module's folder
   * @param file the jar's file name
   */
  public record Jar(String module, String file) {
    private static final Set<Jar> CHECKED = ConcurrentHashMap.newKeySet();

    /**
     * The jar, checked once per run: it exists and is newer than every file of its module's and
     * {@code proto}'s main code, so a test never runs yesterday's program.
     *
     * @throws IllegalStateException if the jar is missing or stale, saying how to build it
     */
    Path checkedFile() throws IOException {
      Path root = root();
      Path jar = root.resolve(module).resolve("target").resolve(file);
      if (CHECKED.contains(this)) {
        return jar;
      }
      String build = ": run ./mvnw -DskipTests install in " + root + " first";
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(root.relativize(jar) + " is missing" + build);
      }
      FileTime built = Files.getLastModifiedTime(jar);
      for (String code :
          List.of(
              module + "/src/main",
              module + "/target/classes",
              "proto/src/main",
              "proto/target/classes")) {
        Path newer = newerThan(root.resolve(code), built);
        if (newer != null) {
          throw new IllegalStateException(
              root.relativize(jar) + " is older than " + root.relativize(newer) + build);
        }
      }
      CHECKED.add(this);
      return jar;
    }

    private static Path root() {
      String root = System.getProperty(ROOT_PROPERTY);
      if (root == null) {
        throw new IllegalStateException(
            "system property "
                + ROOT_PROPERTY
                + " is not set (expected: the project's root folder, as e2e/pom.xml sets it)");
      }
      return Paths.get(root).toAbsolutePath().normalize();
    }

    /** A regular file under {@code folder} modified after {@code time}, or null. */
    private static Path newerThan(Path folder, FileTime time) throws IOException {
      if (!Files.isDirectory(folder)) {
        return null;
      }
      try (Stream<Path> files = Files.walk(folder)) {
        return files
            .filter(Files::isRegularFile)
            .filter(f -> modified(f).compareTo(time) > 0)
            .findFirst()
            .orElse(null);
      }
    }

    private static FileTime modified(Path file) {
      try {
        return Files.getLastModifiedTime(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
