package puente.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The broker as a separate operating-system process, started from this JVM's class path, so tests
 * can kill it with SIGKILL and start it again on the same database file.
 */
public final class BrokerProcess implements AutoCloseable {
  private final Process process;
  private final int grpcPort;
  private final int httpPort;
  private final Path log;

  private BrokerProcess(Process process, int grpcPort, int httpPort, Path log) {
    this.process = process;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** The H2 file database URL under a directory, shared by every process that opens it. */
  public static String h2Url(Path dir) {
    return "jdbc:h2:file:" + dir.resolve("puente").toAbsolutePath() + ";WRITE_DELAY=0";
  }

  /** The always-open test policy (office hours all day, no rest days). */
  public static Path alwaysOpenPolicy() {
    try {
      return Paths.get(
          Objects.requireNonNull(BrokerProcess.class.getResource("/policy-always-open.yaml"))
              .toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts {@code broker} on free loopback ports and waits until /health/ready says UP. */
  public static BrokerProcess start(Path dir) throws IOException, InterruptedException {
    int grpc = freePort();
    int http = freePort();
    Path log = Files.createTempFile(dir, "broker", ".log");
    Process process =
        new ProcessBuilder(command(arguments(grpc, http, dir)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    BrokerProcess broker = new BrokerProcess(process, grpc, http, log);
    broker.awaitReady();
    return broker;
  }

  private static String[] arguments(int grpc, int http, Path dir) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--set", "grpc.port=" + grpc,
                "--set", "http.port=" + http,
                "--set", "data.port=0",
                "--set", "database.url=" + h2Url(dir),
                "--set", "policy.file=" + alwaysOpenPolicy()));
    for (String budget : BrokerFixture.ROOMY_BUDGETS) {
      args.addAll(List.of("--set", budget));
    }
    return args.toArray(String[]::new);
  }

  /**
   * Runs a broker admin command to completion.
   *
   * @param stdin what to type on its standard input (e.g. a password), or null
   * @return its exit code
   */
  public static int admin(Path dir, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--set", "database.url=" + h2Url(dir)));
    all.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command(all.toArray(String[]::new))).redirectErrorStream(true).start();
    if (stdin != null) {
      try (OutputStream in = process.getOutputStream()) {
        in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("admin command hung: " + output);
    }
    if (process.exitValue() != 0) {
      System.err.println(output);
    }
    return process.exitValue();
  }

  /**
   * Gives a fresh database the test licence and the agent {@code ana}, through the admin commands.
   */
  public static void seed(Path dir) throws IOException, InterruptedException {
    int licence =
        admin(
            dir,
            null,
            "licence",
            "add",
            BrokerFixture.LICENCE,
            "--customer",
            "Contadores Rivera SC",
            "--product",
            "contabilidad",
            "--mode",
            "rental",
            "--starts",
            "2020-01-01",
            "--ends",
            "2099-01-01");
    int agent =
        admin(
            dir,
            BrokerFixture.PASSWORD,
            "agent",
            "add",
            "ana",
            "--name",
            "Ana López",
            "--password-stdin");
    if (licence != 0 || agent != 0) {
      throw new AssertionError("seeding failed: licence exit " + licence + ", agent exit " + agent);
    }
  }

  /** The broker's output so far. */
  public String output() throws IOException {
    return Files.readString(log);
  }

  /** The gRPC port. */
  public int grpcPort() {
    return grpcPort;
  }

  /** The HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** Kills the process with SIGKILL: no shutdown hook runs. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The exit code of the stopped process. */
  public int exitValue() {
    return process.exitValue();
  }

  /** Stops the process with SIGTERM (its shutdown hook runs) and waits. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("broker exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("broker not ready within 60 s: " + Files.readString(log));
  }

  static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BrokerMain.class.getName());
    command.addAll(List.of(args));
    return command;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
