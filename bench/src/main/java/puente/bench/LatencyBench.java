package puente.bench;

/**
 * Input-event round trips (a 32-byte message echoed by the customer's service) through a session
 * against a direct TCP round trip, idle and while a bulk stream runs the other way, customer →
 * agent, on another channel of the same session.
 */
final class LatencyBench {
  static final int MESSAGE = 32;
  private static final int WARMUP = 2_000;
  private static final long IDLE_LIMIT_NANOS = 20_000_000_000L;
  private static final long BULK_LIMIT_NANOS = 30_000_000_000L;

  private final Report report;
  private final BenchService service;
  private final int samples;

  LatencyBench(Report report, BenchService service, int samples) {
    this.report = report;
    this.service = service;
    this.samples = samples;
  }

  void idle(Installation.Tunnel tunnel, String label) throws Exception {
    report.progress("input round trip, idle" + label);
    Percentiles direct =
        Percentiles.of(Traffic.echo(service.port(), WARMUP, samples, MESSAGE, IDLE_LIMIT_NANOS));
    Percentiles puente =
        Percentiles.of(Traffic.echo(tunnel.port(), WARMUP, samples, MESSAGE, IDLE_LIMIT_NANOS));
    add("input round trip p50/p99/p99.9, idle" + label, puente, direct, 1_000);
    try (SocatChain chain = SocatChain.start(3, service.port())) {
      report.note(
          "round trip through a chain of three socat relays, idle"
              + label
              + ": "
              + Percentiles.of(
                  Traffic.echo(chain.entryPort(), WARMUP, samples, MESSAGE, IDLE_LIMIT_NANOS)));
    }
  }

  void underBulk(Installation.Tunnel tunnel) throws Exception {
    report.progress("input round trip while a bulk stream runs the other way");
    Percentiles direct;
    try (Traffic.BulkReader bulk = new Traffic.BulkReader(service.port())) {
      direct =
          Percentiles.of(Traffic.echo(service.port(), WARMUP, samples, MESSAGE, BULK_LIMIT_NANOS));
    }
    Percentiles puente;
    long bulkBytes;
    long start = System.nanoTime();
    try (Traffic.BulkReader bulk = new Traffic.BulkReader(tunnel.port())) {
      puente =
          Percentiles.of(Traffic.echo(tunnel.port(), WARMUP, samples, MESSAGE, BULK_LIMIT_NANOS));
      bulkBytes = bulk.received();
    }
    add("input round trip p50/p99/p99.9, bulk the other way", puente, direct, 5_000);
    report.note(
        String.format(
            "bulk stream beside the round trips through the session: %.2f GB/s",
            bulkBytes / (double) (System.nanoTime() - start)));
  }

  private void add(String figure, Percentiles puente, Percentiles direct, double addedLimitMicros) {
    double added = puente.p99Micros() - direct.p99Micros();
    report.add(
        new Report.Row(
            figure,
            puente + String.format(" (added p99 %.0f µs)", added),
            "direct TCP: " + direct,
            puente.p99Micros() / direct.p99Micros(),
            String.format("added p99 ≤ %.0f ms", addedLimitMicros / 1000),
            Report.verdict(added <= addedLimitMicros)));
  }
}
