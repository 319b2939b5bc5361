package puente.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the benchmark suite on loopback and prints one table, every figure beside a baseline
 * measured in the same run: the machine is shared and noisy, so only the ratios hold.
 */
@Command(
    name = "puente-bench",
    mixinStandardHelpOptions = true,
    description = "Puente's benchmarks: tunnel against socat relays, latency, setup rate, memory.")
public final class BenchMain implements Callable<Integer> {
  private static final Set<String> ALL =
      Set.of("throughput", "latency", "stall", "concurrent", "setup", "idle");
  // Runs that use the one tunnel of helper and agent apps opened at the start.
  private static final Set<String> TUNNELLED =
      Set.of("throughput", "latency", "stall", "concurrent", "idle");

  @Option(
      names = "--root",
      defaultValue = ".",
      description = "The built source tree (holds broker/target/puente-broker.jar, …).")
  private Path root;

  @Option(names = "--gib", defaultValue = "2", description = "GiB per single-stream run.")
  private long gib;

  @Option(names = "--sessions", defaultValue = "16", description = "Sessions run together.")
  private int sessions;

  @Option(
      names = "--mib-per-session",
      defaultValue = "256",
      description = "MiB per session when run together.")
  private long mibPerSession;

  @Option(names = "--rtt-samples", defaultValue = "20000", description = "Round trips per path.")
  private int rttSamples;

  @Option(
      names = "--setup-clients",
      defaultValue = "16",
      description = "Concurrent clients opening sessions.")
  private int setupClients;

  @Option(names = "--setup-seconds", defaultValue = "20", description = "Measured setup time.")
  private long setupSeconds;

  @Option(
      names = "--setup-warm-up-max",
      defaultValue = "60",
      description =
          "Seconds the setup run may warm up before it measures, if the compilers have not"
              + " settled sooner.")
  private long setupWarmUpMax;

  @Option(
      names = "--idle-steps",
      defaultValue = "1000,2000,5000,10000",
      split = ",",
      description = "Idle session counts to measure at.")
  private List<Integer> idleSteps;

  @Option(names = "--stall-seconds", defaultValue = "15", description = "How long a viewer stalls.")
  private long stallSeconds;

  @Option(
      names = "--console-sessions",
      defaultValue = "1000",
      description = "Live sessions the console is measured with.")
  private int consoleSessions;

  @Option(
      names = "--console-samples",
      defaultValue = "10",
      description = "Live page loads in Chromium per figure (twice as many HTML fetches).")
  private int consoleSamples;

  @Option(
      names = "--console-changes",
      defaultValue = "40",
      description = "Sessions opened and ended one at a time for an update's arrival.")
  private int consoleChanges;

  @Option(
      names = "--console-burst",
      defaultValue = "200",
      description = "Sessions opened and ended while the broker's CPU is measured.")
  private int consoleBurst;

  @Option(
      names = "--console-watchers",
      defaultValue = "0,1,20",
      split = ",",
      description = "Live-page watcher counts for the CPU burst (the first is the baseline).")
  private List<Integer> consoleWatchers;

  @Option(
      names = "--only",
      split = ",",
      description =
          "Run only these: throughput, latency, stall, concurrent, setup, idle, and console (not"
              + " run by default: it needs Debian's chromium and chromium-driver).")
  private Set<String> only;

  @Option(
      names = "--broker-jvm",
      split = " ",
      description = "Extra JVM options for the broker process (space-separated).")
  private List<String> brokerJvm;

  @Option(
      names = "--profile",
      description =
          "Record the broker with JFR during one more single-stream tunnel run and during the"
              + " measured phase of the setup run.")
  private boolean profile;

  /**
   * Runs the suite.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Set<String> runs = only == null ? ALL : only;
    Report report = new Report(System.out);
    System.out.println(Machine.describe());
    long started = System.nanoTime();
    Path scratch = Files.createTempDirectory("puente-bench");
    Installation[] live = new Installation[1];
    Thread cleanup = new Thread(() -> closeQuietly(live[0]), "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try (BenchService service = new BenchService();
        Installation puente = Installation.start(root, scratch, brokerJvmOptions())) {
      live[0] = puente;
      if (runs.contains("console")) {
        // First, while the broker holds no session of the other runs.
        new ConsoleBench(
                report,
                consoleSessions,
                consoleSamples,
                consoleChanges,
                consoleBurst,
                consoleWatchers)
            .run(puente);
      }
      Installation.Tunnel tunnel =
          runs.stream().anyMatch(TUNNELLED::contains) ? puente.openTunnel(service.port()) : null;
      if (runs.contains("throughput")) {
        Profiler profiler =
            profile ? new Profiler(puente.broker().pid(), scratch.resolve("broker.jfr")) : null;
        new ThroughputBench(report, service).single(puente, tunnel, gib << 30, profiler);
        if (profiler != null) {
          System.out.println(profiler.summary(30));
        }
      }
      LatencyBench latency = new LatencyBench(report, service, rttSamples);
      if (runs.contains("latency")) {
        latency.idle(tunnel, "");
        latency.underBulk(tunnel);
      }
      if (runs.contains("stall")) {
        new StalledViewerBench(report, service, stallSeconds).run(puente, tunnel);
      }
      if (runs.contains("concurrent")) {
        concurrent(report, service, puente, tunnel);
      }
      if (runs.contains("setup")) {
        Profiler profiler =
            profile ? new Profiler(puente.broker().pid(), scratch.resolve("setup.jfr")) : null;
        new SetupBench(report, setupClients, setupSeconds, setupWarmUpMax).run(puente, profiler);
        if (profiler != null) {
          System.out.println(profiler.summary(40));
        }
      }
      if (runs.contains("idle")) {
        try (IdleSessionsBench idle = new IdleSessionsBench(report, 8)) {
          int held = idle.run(puente, idleSteps);
          latency.idle(tunnel, ", " + held + " idle sessions held");
        }
      }
    } finally {
      live[0] = null;
      if (System.getenv("PUENTE_BENCH_KEEP") == null) {
        deleteRecursively(scratch);
      }
    }
    report.printTable();
    System.out.printf("%nSuite took %.0f s.%n", (System.nanoTime() - started) / 1e9);
    return 0;
  }

  /** Native memory tracking for the memory figures, plus {@code --broker-jvm} options. */
  private List<String> brokerJvmOptions() {
    List<String> options = new ArrayList<>(List.of("-XX:NativeMemoryTracking=summary"));
    if (brokerJvm != null) {
      options.addAll(brokerJvm);
    }
    return options;
  }

  private void concurrent(
      Report report, BenchService service, Installation puente, Installation.Tunnel first)
      throws Exception {
    report.progress("opening " + (sessions - 1) + " more sessions");
    List<Installation.Tunnel> tunnels = new ArrayList<>(List.of(first));
    List<Installation.Tunnel> added = new ArrayList<>();
    try {
      for (int i = 1; i < sessions; i++) {
        Installation.Tunnel tunnel = puente.openTunnel(service.port());
        added.add(tunnel);
        tunnels.add(tunnel);
      }
      new ThroughputBench(report, service).concurrent(puente, tunnels, mibPerSession << 20);
    } finally {
      for (Installation.Tunnel tunnel : added) {
        tunnel.close();
      }
    }
  }

  private static void closeQuietly(Installation installation) {
    if (installation == null) {
      return;
    }
    try {
      installation.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** The machine the numbers come from. */
  static final class Machine {
    private Machine() {}

    static String describe() throws IOException {
      String model =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(line -> line.startsWith("model name"))
              .map(line -> line.substring(line.indexOf(':') + 1).trim())
              .findFirst()
              .orElse("unknown");
      String memory =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(line -> line.startsWith("MemTotal"))
              .map(
                  line ->
                      String.format(
                          "%.1f GiB", Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0))
              .findFirst()
              .orElse("unknown");
      return "Puente benchmarks, "
          + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)
          + "\nmachine: "
          + Runtime.getRuntime().availableProcessors()
          + " CPUs ("
          + model
          + "), "
          + memory
          + " RAM, JDK "
          + System.getProperty("java.vm.name")
          + " "
          + Runtime.version()
          + "\n";
    }
  }
}
