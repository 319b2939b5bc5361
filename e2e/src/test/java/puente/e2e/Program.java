package puente.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of Puente's programs (broker, helper, agent app) running as an operating-system process from
 * this JVM's class path, with its output captured line by line so tests can wait for what it prints
 * and type at its prompts.
 */
public final class Program implements AutoCloseable {
  /** The main classes. */
  public static final String BROKER = "puente.broker.BrokerMain";

  public static final String HELPER = "puente.customer.CustomerApp";
  public static final String AGENT = "puente.agent.AgentApp";

  /**
   * JVM options of every program: no C2 compiler and the serial collector. On a busy two-core
   * machine C2's compiler threads slow start-up and even the 64 MiB tunnel more than C1 code does.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private Program(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(this::readOutput, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a program.
   *
   * @param mainClass one of {@link #BROKER}, {@link #HELPER}, {@link #AGENT}
   * @param env extra environment, as alternating names and values
   */
  public static Program start(String mainClass, List<String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    for (int i = 0; i + 1 < env.size(); i += 2) {
      builder.environment().put(env.get(i), env.get(i + 1));
    }
    String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    return new Program(simpleName, builder.start());
  }

  /** Runs a program to completion and returns its exit code; output stays readable. */
  public static Program run(String mainClass, List<String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    Program program = start(mainClass, env, args);
    if (stdin != null) {
      program.type(stdin);
    }
    program.awaitExit(Duration.ofSeconds(60));
    return program;
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
   * @throws AssertionError with the whole output if none comes in time
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
    while (System.nanoTime() < deadline) {
      synchronized (lines) {
        for (; seen < lines.size(); seen++) {
          Matcher matcher = pattern.matcher(lines.get(seen));
          if (matcher.find()) {
            return matcher;
          }
        }
        lines.wait(100);
      }
    }
    throw new AssertionError(
        name
            + " printed no line matching /"
            + regex
            + "/ within "
            + timeout
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
}
