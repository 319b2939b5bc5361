package puente.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process of the benchmark (broker, app, socat) with its output captured line by line, its
 * CPU time readable from {@code /proc}, and a close that never leaves it running.
 */
final class Proc implements AutoCloseable {
  // USER_HZ: fixed at 100 in the Linux ABI, whatever the kernel's internal tick rate.
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  private Proc(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(this::readOutput, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a process with its standard error merged into its output.
   *
   * @param name for messages
   * @param env extra environment
   */
  static Proc start(String name, List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new Proc(name, builder.start());
  }

  /** Starts a Java program from a jar of this build, with extra JVM options. */
  static Proc java(
      String name, Path jar, List<String> jvmOptions, List<String> args, Map<String, String> env)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the build first (bench/run.sh)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return start(name, command, env);
  }

  /** Runs to completion; fails with the output if the exit code is not 0. */
  static Proc runOk(String name, Path jar, List<String> args, String stdin) throws Exception {
    Proc proc = java(name, jar, List.of("-Xmx256m"), args, Map.of());
    if (stdin != null) {
      proc.type(stdin);
    }
    int code = proc.awaitExit(Duration.ofSeconds(60));
    if (code != 0) {
      throw new IllegalStateException(name + " exited with " + code + ":\n" + proc.output());
    }
    return proc;
  }

  /** Types a line at its standard input. */
  void type(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /**
   * Waits for an output line matching a pattern.
   *
   * @return the match, for its groups
   */
  Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    while (System.nanoTime() < deadline) {
      synchronized (lines) {
        for (; seen < lines.size(); seen++) {
          Matcher matcher = pattern.matcher(lines.get(seen));
          if (matcher.find()) {
            return matcher;
          }
        }
        if (!process.isAlive()) {
          break;
        }
        lines.wait(100);
      }
    }
    throw new IllegalStateException(
        name
            + " printed no line matching /"
            + regex
            + "/ within "
            + timeout
            + "; it printed:\n"
            + output());
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " did not exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** User plus system CPU time the process has used so far, from {@code /proc/<pid>/stat}. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name (which may hold spaces) start after the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / (double) CLOCK_TICKS_PER_SECOND;
  }

  /** Stops it with SIGTERM, then SIGKILL if it lingers. */
  @Override
  public void close() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(15, TimeUnit.SECONDS);
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
      // The process ended.
    }
  }
}
