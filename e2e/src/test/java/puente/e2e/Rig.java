package puente.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A whole Puente installation on loopback for one test: a broker process on ports the system chose
 * (read from the line it logs when it listens) with an H2 file database in a temporary folder, its
 * admin commands, and helpers and agent apps pointed at it. Each agent app gets its own config
 * folder.
 */
public final class Rig implements AutoCloseable {
  static final List<String> ROOMY_BUDGETS =
      List.of(
          "budgets.registrationsPerAddress.burst=100000",
          "budgets.registrationsPerLicence.burst=100000",
          "budgets.codeGuesses=100000",
          "budgets.loginFailuresPerUser=100000");

  public static final String PASSWORD = "correct horse battery";

  /** The broker's line once every listener is bound; ports are the bound ones, even for port 0. */
  private static final String LISTENING =
      "Puente broker listening: gRPC 127\\.0\\.0\\.1:(\\d+), HTTP 127\\.0\\.0\\.1:(\\d+),"
          + " data 127\\.0\\.0\\.1:(\\d+)( \\(TLS\\))?$";

  private final Path dir;
  private final Path policy;
  private final List<String> overrides;
  private final Path tlsCa;
  private final HttpClient httpClient;
  private final List<Program> programs = new ArrayList<>();
  private int grpcPort;
  private int httpPort;
  private int dataPort;
  private Program broker;

  private Rig(Path dir, Path policy, List<String> overrides, Path tlsCa) throws IOException {
    this.dir = dir;
    this.policy = policy;
    this.overrides = overrides;
    this.tlsCa = tlsCa;
    this.httpClient =
        tlsCa == null
            ? HttpClient.newHttpClient()
            : HttpClient.newBuilder().sslContext(Certificates.trusting(tlsCa)).build();
  }

  /**
   * Starts a broker and waits until it is ready.
   *
   * @param policy the policy file (see {@link Program#alwaysOpenPolicy()})
   * @param overrides more {@code key=value} settings
   */
  public static Rig start(Path dir, Path policy, String... overrides) throws Exception {
    Rig rig = new Rig(dir, policy, List.of(overrides), null);
    rig.startBroker();
    return rig;
  }

  /**
   * Starts a broker that serves TLS on every listener, with a certificate for {@code localhost} and
   * {@code 127.0.0.1} issued by a test authority, and waits until it is ready. Helpers and agent
   * logins trust that authority with {@code --tls-ca} ({@link #tlsCa()}).
   *
   * @param policy the policy file (see {@link Program#alwaysOpenPolicy()})
   * @param overrides more {@code key=value} settings
   */
  public static Rig startWithTls(Path dir, Path policy, String... overrides) throws Exception {
    Certificates tls = Certificates.write(Files.createDirectories(dir.resolve("tls")));
    List<String> settings =
        new ArrayList<>(
            List.of("tls.certificate=" + tls.certificate(), "tls.privateKey=" + tls.privateKey()));
    settings.addAll(List.of(overrides));
    Rig rig = new Rig(dir, policy, settings, tls.authority());
    rig.startBroker();
    return rig;
  }

  /**
   * Starts a new broker process on the same database and settings, on ports the system chooses
   * afresh (the old process must be gone), and waits until it is ready: a restart after {@link
   * Program#kill()}.
   */
  public void restartBroker() throws Exception {
    if (broker.isAlive()) {
      throw new IllegalStateException("the broker still runs");
    }
    startBroker();
  }

  private void startBroker() throws Exception {
    List<String> args = new ArrayList<>(settings(dir));
    args.addAll(
        List.of(
            "--set",
            "grpc.port=0",
            "--set",
            "http.port=0",
            "--set",
            "data.port=0",
            "--set",
            "policy.file=" + policy));
    // Every program of a rig registers and guesses from one loopback address, and one rig serves
    // many tests: budgets no test reaches by accident (a test of them sets its own).
    for (String budget : ROOMY_BUDGETS) {
      args.addAll(List.of("--set", budget));
    }
    for (String override : overrides) {
      args.addAll(List.of("--set", override));
    }
    broker = Program.start(Program.BROKER, List.of(), args.toArray(String[]::new));
    Matcher listening = broker.awaitLine(LISTENING, Duration.ofSeconds(60));
    grpcPort = Integer.parseInt(listening.group(1));
    httpPort = Integer.parseInt(listening.group(2));
    dataPort = Integer.parseInt(listening.group(3));
    boolean tls = listening.group(4) != null;
    if (tls != (tlsCa != null)) {
      throw new AssertionError(
          "broker listens with TLS "
              + (tls ? "on" : "off")
              + " (expected: the opposite):\n"
              + broker.output());
    }
    awaitReady();
  }

  /**
   * Runs a broker admin command (e.g. {@code licence add …}) with the rig's database and policy,
   * and returns it, finished.
   */
  public Program admin(String stdin, String... command) throws Exception {
    List<String> args = new ArrayList<>(settings(dir));
    args.addAll(List.of("--set", "policy.file=" + policy));
    args.addAll(List.of(command));
    return Program.run(Program.BROKER, List.of(), stdin, args.toArray(String[]::new));
  }

  /** Adds a staff account with {@link #PASSWORD}. */
  public void addStaff(String username, String name, String role) throws Exception {
    Program add =
        admin(
            PASSWORD, "agent", "add", username, "--name", name, "--role", role, "--password-stdin");
    if (add.awaitExit(Duration.ofSeconds(60)) != 0) {
      throw new AssertionError("agent add failed: " + add.output());
    }
  }

  /** Adds a rental licence valid from 2020 to 2099 for the product {@code contabilidad}. */
  public void addLicence(String key, String customer) throws Exception {
    Program add =
        admin(
            null,
            "licence",
            "add",
            key,
            "--customer",
            customer,
            "--product",
            "contabilidad",
            "--mode",
            "rental",
            "--starts",
            "2020-01-01",
            "--ends",
            "2099-01-01");
    if (add.awaitExit(Duration.ofSeconds(60)) != 0) {
      throw new AssertionError("licence add failed: " + add.output());
    }
  }

  /** Starts a helper (customer-app, terminal mode, Spanish) with extra arguments. */
  public Program helper(String... args) throws IOException {
    List<String> all =
        new ArrayList<>(List.of("--broker", "127.0.0.1:" + grpcPort, "--locale", "es-MX"));
    all.addAll(trust());
    all.addAll(List.of(args));
    Program helper = Program.start(Program.HELPER, List.of(), all.toArray(String[]::new));
    programs.add(helper);
    return helper;
  }

  /** Starts an agent app command as {@code user} (its own config folder). */
  public Program agent(String user, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--locale", "es-MX"));
    all.addAll(List.of(args));
    Program agent = Program.start(Program.AGENT, agentEnv(user), all.toArray(String[]::new));
    programs.add(agent);
    return agent;
  }

  /** Logs {@code user} in from their agent app. */
  public void login(String user) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "login", "--broker", "127.0.0.1:" + grpcPort, "--user", user, "--password-stdin"));
    args.addAll(trust());
    Program login = agent(user, args.toArray(String[]::new));
    login.type(PASSWORD);
    if (login.awaitExit(Duration.ofSeconds(60)) != 0) {
      throw new AssertionError("login failed: " + login.output());
    }
  }

  /** The options that make an app trust the broker's certificate: none without TLS. */
  private List<String> trust() {
    return tlsCa == null ? List.of() : List.of("--tls-ca", tlsCa.toString());
  }

  /** The environment that gives an agent app its own config folder. */
  public List<String> agentEnv(String user) {
    return List.of("PUENTE_CONFIG_DIR", dir.resolve("agent-" + user).toString());
  }

  /** The policy file the broker runs with (a running broker reloads it when it changes). */
  public Path policyFile() {
    return policy;
  }

  /** The broker process. */
  public Program broker() {
    return broker;
  }

  /** The gRPC port. */
  public int grpcPort() {
    return grpcPort;
  }

  /** The HTTP port. */
  public int httpPort() {
    return httpPort;
  }

  /** The data port (tunnel lanes). */
  public int dataPort() {
    return dataPort;
  }

  /** The certificate authority the broker's certificate comes from, or null without TLS. */
  public Path tlsCa() {
    return tlsCa;
  }

  /** The JDBC URL of the broker's database (H2 with AUTO_SERVER, so tests may read it too). */
  public String databaseUrl() {
    return databaseUrl(dir);
  }

  private static String databaseUrl(Path dir) {
    return "jdbc:h2:file:"
        + dir.resolve("puente").toAbsolutePath()
        + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
  }

  /** Where the broker serves HTTP: the console, the REST API, metrics (HTTPS with TLS). */
  public String httpBase() {
    return (tlsCa == null ? "http" : "https") + "://127.0.0.1:" + httpPort;
  }

  /** GETs a path on the broker's HTTP side (HTTPS on a broker with TLS). */
  public HttpResponse<String> http(String path) throws IOException, InterruptedException {
    return httpClient.send(
        HttpRequest.newBuilder(URI.create(httpBase() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Reads one series from {@code /metrics}, e.g. {@code
   * puente_relay_bytes_total{direction="to_agent"}}.
   *
   * @return its value, 0 when the scrape does not have it
   */
  public double metric(String series) throws IOException, InterruptedException {
    for (String line : http("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  /** Bytes relayed in both directions since the broker started. */
  public double relayedBytes() throws IOException, InterruptedException {
    return metric("puente_relay_bytes_total{direction=\"to_agent\"}")
        + metric("puente_relay_bytes_total{direction=\"to_customer\"}");
  }

  /** How many requests the broker refused for a reason code since it started. */
  public double refusals(String reason) throws IOException, InterruptedException {
    return metric("puente_sessions_refused_total{reason=\"" + reason + "\"}");
  }

  @Override
  public void close() throws Exception {
    for (Program program : programs) {
      program.close();
    }
    broker.close();
  }

  private static List<String> settings(Path dir) {
    return List.of("--set", "database.url=" + databaseUrl(dir));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!broker.isAlive()) {
        throw new AssertionError("broker exited:\n" + broker.output());
      }
      try {
        if (http("/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("broker not ready within 60 s:\n" + broker.output());
  }

  /** A free loopback port. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
