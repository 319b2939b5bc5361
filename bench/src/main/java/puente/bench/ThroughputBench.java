package puente.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bulk throughput agent → customer: direct loopback, one socat relay, a chain of three, and a
 * Puente tunnel (agent app → broker → helper app); then many of each at once. The same service
 * sinks the bytes on every path. Also the broker's CPU per GiB against one socat relay's.
 */
final class ThroughputBench {
  private static final double GIB = 1024.0 * 1024 * 1024;
  private static final long CONCURRENT_WARMUP_NANOS = 40_000_000_000L;

  private final Report report;
  private final BenchService service;

  ThroughputBench(Report report, BenchService service) {
    this.report = report;
    this.service = service;
  }

  /**
   * One stream of {@code bytes} on each path.
   *
   * @param profiler records the broker during one more tunnel run after the measured one, or null
   */
  void single(Installation puente, Installation.Tunnel tunnel, long bytes, Profiler profiler)
      throws Exception {
    report.progress("throughput, one stream of " + gib(bytes) + " GiB per path");
    Traffic.send(service.port(), bytes / 8, () -> {});
    double direct = rate(bytes, Traffic.send(service.port(), bytes, () -> {}));
    report.note(String.format("direct loopback: %.2f GB/s", direct));

    double[] socatCpu = new double[1];
    double oneSocat;
    try (SocatChain one = SocatChain.start(1, service.port())) {
      oneSocat =
          rate(bytes, Traffic.send(one.entryPort(), bytes, () -> socatCpu[0] = one.cpuSeconds()));
    }
    report.note(
        String.format(
            "one socat relay: %.2f GB/s, %.2f CPU s/GiB", oneSocat, socatCpu[0] / (bytes / GIB)));

    double chain;
    try (SocatChain three = SocatChain.start(3, service.port())) {
      chain = rate(bytes, Traffic.send(three.entryPort(), bytes, () -> {}));
    }
    report.note(String.format("chain of three socat relays: %.2f GB/s", chain));

    Proc broker = puente.broker();
    warmUp(tunnel.port(), broker);
    double appsBefore = tunnel.helper().cpuSeconds() + tunnel.agent().cpuSeconds();
    double[] appsAfter = new double[1];
    double cpuBefore = broker.cpuSeconds();
    ThreadCpu threadsBefore = ThreadCpu.of(broker.pid());
    double[] cpuAfter = new double[1];
    ThreadCpu[] threadsAfter = new ThreadCpu[1];
    double puenteRate =
        rate(
            bytes,
            Traffic.send(
                tunnel.port(),
                bytes,
                () -> {
                  cpuAfter[0] = broker.cpuSeconds();
                  threadsAfter[0] = ThreadCpu.of(broker.pid());
                  appsAfter[0] = tunnel.helper().cpuSeconds() + tunnel.agent().cpuSeconds();
                }));
    if (profiler != null) {
      // A run of its own: starting a recording recompiles hot code, which would count against
      // the measured run.
      profiler.start();
      Traffic.send(tunnel.port(), bytes, () -> {});
      profiler.stop();
    }
    report.add(
        new Report.Row(
            "tunnel throughput, one session, " + gib(bytes) + " GiB",
            String.format("%.2f GB/s", puenteRate),
            String.format(
                "chain of 3 socat: %.2f GB/s (1 socat %.2f, direct %.2f)", chain, oneSocat, direct),
            puenteRate / chain,
            "≥ 0.70 × chain",
            Report.verdict(puenteRate >= 0.7 * chain)));

    double brokerPerGib = (cpuAfter[0] - cpuBefore) / (bytes / GIB);
    double socatPerGib = socatCpu[0] / (bytes / GIB);
    report.add(
        new Report.Row(
            "broker CPU per GiB relayed",
            String.format("%.2f CPU s/GiB", brokerPerGib),
            String.format("one socat relay: %.2f CPU s/GiB", socatPerGib),
            brokerPerGib / socatPerGib,
            "≤ 1.5 × socat",
            Report.verdict(brokerPerGib <= 1.5 * socatPerGib)));
    report.note("broker CPU by thread during that run: " + threadsAfter[0].since(threadsBefore));
    report.note(
        String.format(
            "helper and agent apps together: %.2f CPU s/GiB (three socat"
                + " relays: about 3 × %.2f)",
            (appsAfter[0] - appsBefore) / (bytes / GIB), socatPerGib));
  }

  /** Runs the tunnel in rounds of 256 MiB until the broker's JIT compiler has settled. */
  private void warmUp(int port, Proc broker) throws Exception {
    WarmUp.until(
        report, "tunnel", List.of(broker.pid()), () -> Traffic.send(port, 256L << 20, () -> {}));
  }

  /** {@code tunnels.size()} streams at once, against as many socat chains. */
  void concurrent(Installation puente, List<Installation.Tunnel> tunnels, long bytesEach)
      throws Exception {
    int count = tunnels.size();
    report.progress("throughput, " + count + " streams of " + mib(bytesEach) + " MiB at once");
    List<SocatChain> chains = new ArrayList<>();
    List<Integer> chainPorts = new ArrayList<>();
    double chainRate;
    try {
      for (int i = 0; i < count; i++) {
        SocatChain chain = SocatChain.start(3, service.port());
        chains.add(chain);
        chainPorts.add(chain.entryPort());
      }
      chainRate = together(chainPorts, bytesEach);
    } finally {
      for (SocatChain chain : chains) {
        chain.close();
      }
    }
    List<Integer> tunnelPorts = tunnels.stream().map(Installation.Tunnel::port).toList();
    // Every app JVM compiles its own hot paths: run them all for a while first.
    long warmUntil = System.nanoTime() + CONCURRENT_WARMUP_NANOS;
    while (System.nanoTime() < warmUntil) {
      together(tunnelPorts, bytesEach / 4);
    }
    double cpuBefore = puente.broker().cpuSeconds();
    double puenteRate = together(tunnelPorts, bytesEach);
    double brokerPerGib = (puente.broker().cpuSeconds() - cpuBefore) / (count * bytesEach / GIB);
    report.add(
        new Report.Row(
            "tunnel throughput, " + count + " sessions together",
            String.format("%.2f GB/s", puenteRate),
            String.format("%d chains of 3 socat: %.2f GB/s", count, chainRate),
            puenteRate / chainRate,
            "≥ 0.70 × chains",
            Report.verdict(puenteRate >= 0.7 * chainRate)));
    report.note(
        String.format("broker CPU with %d sessions together: %.2f CPU s/GiB", count, brokerPerGib));
  }

  /** Sends {@code bytesEach} to every port at once; returns the aggregate rate. */
  private static double together(List<Integer> ports, long bytesEach) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(ports.size());
    try {
      long start = System.nanoTime();
      List<Future<Long>> sends = new ArrayList<>();
      for (int port : ports) {
        sends.add(pool.submit(() -> Traffic.send(port, bytesEach, () -> {})));
      }
      for (Future<Long> send : sends) {
        send.get();
      }
      return rate(bytesEach * ports.size(), System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Gigabytes (10^9) per second, as iperf3 and the issue quote them. */
  private static double rate(long bytes, long nanos) {
    return bytes / (double) nanos;
  }

  private static String gib(long bytes) {
    return String.format("%.0f", bytes / GIB);
  }

  private static String mib(long bytes) {
    return Long.toString(bytes >> 20);
  }
}
