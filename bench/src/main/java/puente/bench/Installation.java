package puente.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Puente on loopback for the benchmarks: the broker's shipped jar as a process on free ports with
 * an H2 file database in a scratch folder, one licence and one agent account, and helper and agent
 * apps (their shipped jars) opening tunnels through it.
 */
final class Installation implements AutoCloseable {
  static final String LICENCE = "LIC-BENCH";
  static final String PRODUCT = "contabilidad";
  static final String VERSION = "2026.2";
  static final String AGENT = "bench";
  static final String PASSWORD = "bench password 1234";
  static final String SUPERVISOR = "bench-supervisor";

  private final Path root;
  private final Path dir;
  private final int grpcPort;
  private final int httpPort;
  private final Proc broker;
  private final List<Proc> apps = new ArrayList<>();
  private boolean loggedIn;

  private Installation(Path root, Path dir, int grpcPort, int httpPort, Proc broker) {
    this.root = root;
    this.dir = dir;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.broker = broker;
  }

  /**
   * Starts a broker from the build under {@code root} and adds the licence, the agent and a
   * supervisor who signs in to the web console (same password).
   *
   * @param brokerJvmOptions e.g. native memory tracking for the memory figures
   */
  static Installation start(Path root, Path dir, List<String> brokerJvmOptions) throws Exception {
    Path policy = dir.resolve("policy-bench.yaml");
    try (InputStream in = Installation.class.getResourceAsStream("policy-bench.yaml")) {
      Files.copy(in, policy);
    }
    List<String> settings = settings(dir);
    admin(
        root,
        settings,
        null,
        "licence",
        "add",
        LICENCE,
        "--customer",
        "Banco de Pruebas SC",
        "--product",
        PRODUCT,
        "--mode",
        "rental",
        "--starts",
        "2020-01-01",
        "--ends",
        "2099-01-01");
    addStaff(root, settings, AGENT, "Bench Agent", "agent");
    addStaff(root, settings, SUPERVISOR, "Bench Supervisor", "supervisor");
    int grpc = freePort();
    int http = freePort();
    List<String> args = new ArrayList<>(settings);
    args.addAll(
        List.of(
            "--set",
            "grpc.port=" + grpc,
            "--set",
            "http.port=" + http,
            "--set",
            "data.port=0",
            "--set",
            "policy.file=" + policy));
    // The setup benchmark registers thousands of helpers a second from one loopback address, and
    // the idle one holds 10,000 sessions over a few connections: no office does either, so the
    // per-address and per-connection limits are raised here (their checks still run).
    for (String budget :
        List.of(
            "limits.grpc.connectionsPerAddress=1000000",
            "limits.grpc.callsPerConnection=1000000",
            "limits.grpc.rstFramesPerWindow=1000000000",
            "limits.data.connectionsPerAddress=1000000",
            "limits.http.connectionsPerAddress=1000000",
            "budgets.registrationsPerAddress.burst=1000000000",
            "budgets.registrationsPerAddress.perMinute=1000000000000",
            "budgets.registrationsPerLicence.burst=1000000000",
            "budgets.registrationsPerLicence.perMinute=1000000000000")) {
      args.addAll(List.of("--set", budget));
    }
    Proc broker = Proc.java("broker", brokerJar(root), brokerJvmOptions, args, Map.of());
    Installation installation = new Installation(root, dir, grpc, http, broker);
    try {
      broker.awaitLine("Puente broker listening", Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      installation.close();
      throw e;
    }
    return installation;
  }

  int grpcPort() {
    return grpcPort;
  }

  /** The HTTP port: the web console is under {@code /console}. */
  int httpPort() {
    return httpPort;
  }

  Proc broker() {
    return broker;
  }

  /**
   * Starts a helper serving {@code servicePort} and an agent app forwarding a free local port to
   * it, and waits until the tunnel is ready.
   *
   * @return the agent's local port: connections to it reach the service through the broker
   */
  Tunnel openTunnel(int servicePort) throws Exception {
    loginOnce();
    Proc helper =
        app(
            "helper",
            customerAppJar(root),
            List.of(
                "--broker",
                brokerAddress(),
                "--locale",
                "en",
                "--licence",
                LICENCE,
                "--product",
                PRODUCT,
                "--version",
                VERSION,
                "--service",
                "127.0.0.1:" + servicePort,
                "--accept-all"),
            Map.of());
    String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", Duration.ofSeconds(60)).group(1);
    Proc agent =
        app(
            "agent",
            agentAppJar(root),
            List.of("--locale", "en", "open", code.replace(" ", ""), "--forward", "127.0.0.1:0"),
            agentEnv());
    Matcher ready = agent.awaitLine("Tunnel ready: [\\d.]+:(\\d+)", Duration.ofSeconds(60));
    return new Tunnel(Integer.parseInt(ready.group(1)), helper, agent);
  }

  /** An open tunnel: the agent's local port, and the two app processes. */
  record Tunnel(int port, Proc helper, Proc agent) {
    /** Stops both apps (SIGTERM: the agent app ends the session on its way out). */
    void close() throws InterruptedException {
      agent.close();
      helper.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Proc app : apps) {
      app.close();
    }
    broker.close();
  }

  private Proc app(String name, Path jar, List<String> args, Map<String, String> env)
      throws IOException {
    Proc app = Proc.java(name, jar, List.of("-Xmx256m"), args, env);
    apps.add(app);
    return app;
  }

  private void loginOnce() throws Exception {
    if (loggedIn) {
      return;
    }
    Proc login =
        app(
            "login",
            agentAppJar(root),
            List.of(
                "--locale",
                "en",
                "login",
                "--broker",
                brokerAddress(),
                "--user",
                AGENT,
                "--password-stdin"),
            agentEnv());
    login.type(PASSWORD);
    if (login.awaitExit(Duration.ofSeconds(60)) != 0) {
      throw new IllegalStateException("agent login failed:\n" + login.output());
    }
    loggedIn = true;
  }

  private Map<String, String> agentEnv() {
    return Map.of("PUENTE_CONFIG_DIR", dir.resolve("agent-config").toString());
  }

  private String brokerAddress() {
    return "127.0.0.1:" + grpcPort;
  }

  private static void addStaff(
      Path root, List<String> settings, String user, String name, String role) throws Exception {
    admin(
        root,
        settings,
        PASSWORD,
        "agent",
        "add",
        user,
        "--name",
        name,
        "--role",
        role,
        "--password-stdin");
  }

  private static void admin(Path root, List<String> settings, String stdin, String... command)
      throws Exception {
    List<String> args = new ArrayList<>(settings);
    args.addAll(List.of(command));
    Proc.runOk("broker " + command[0], brokerJar(root), args, stdin);
  }

  private static List<String> settings(Path dir) {
    return List.of(
        "--set",
        "database.url=jdbc:h2:file:"
            + dir.resolve("puente").toAbsolutePath()
            + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
  }

  static Path brokerJar(Path root) {
    return root.resolve("broker/target/puente-broker.jar");
  }

  static Path customerAppJar(Path root) {
    return root.resolve("customer-app/target/puente-customer-app.jar");
  }

  static Path agentAppJar(Path root) {
    return root.resolve("agent-app/target/puente-agent-app.jar");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
