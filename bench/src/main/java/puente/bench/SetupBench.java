package puente.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Session setup rate: {@code workers} in-process clients each run whole sessions back to back
 * (register → open with policy and ticket row → consent → attach → first byte → end) against the
 * broker process on H2, for a fixed time after a warm-up that lasts until the broker's and the
 * clients' JIT compilers have settled ({@link WarmUp}).
 */
final class SetupBench {
  private static final double TARGET_PER_SECOND = 500;
  private static final double TARGET_P99_MILLIS = 50;

  private static final long WARM_UP_ROUND_NANOS = 3_000_000_000L;

  private final Report report;
  private final int workers;
  private final long measureNanos;
  private final long warmUpMaxNanos;

  SetupBench(Report report, int workers, long measureSeconds, long warmUpMaxSeconds) {
    this.report = report;
    this.workers = workers;
    this.measureNanos = measureSeconds * 1_000_000_000L;
    this.warmUpMaxNanos = warmUpMaxSeconds * 1_000_000_000L;
  }

  /**
   * Measures the rate.
   *
   * @param profiler records the broker during the measured phase, or null
   */
  void run(Installation puente, Profiler profiler) throws Exception {
    report.progress(
        "session setup rate, " + workers + " clients, " + measureNanos / 1_000_000_000L + " s");
    AtomicInteger serial = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try (BrokerClients clients = new BrokerClients(puente.grpcPort(), 4)) {
      WarmUp.until(
          report,
          "session setup",
          List.of(puente.broker().pid(), ProcessHandle.current().pid()),
          warmUpMaxNanos,
          () -> {
            long until = System.nanoTime() + WARM_UP_ROUND_NANOS;
            List<Future<long[]>> round = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
              round.add(pool.submit(() -> cycles(clients, serial, until, until)));
            }
            for (Future<long[]> done : round) {
              done.get();
            }
          });
      if (profiler != null) {
        profiler.start();
      }
      ThreadCpu cpuBefore = ThreadCpu.of(puente.broker().pid());
      long measureFrom = System.nanoTime();
      long until = measureFrom + measureNanos;
      List<Future<long[]>> results = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        results.add(pool.submit(() -> cycles(clients, serial, measureFrom, until)));
      }
      long[] all = new long[0];
      for (Future<long[]> result : results) {
        long[] some = result.get();
        long[] merged = java.util.Arrays.copyOf(all, all.length + some.length);
        System.arraycopy(some, 0, merged, all.length, some.length);
        all = merged;
      }
      if (profiler != null) {
        profiler.stop();
      }
      ThreadCpu cpuAfter = ThreadCpu.of(puente.broker().pid());
      double perSecond = all.length / (measureNanos / 1e9);
      report.progress(
          String.format(
              "broker CPU per session: %.2f ms (%s over %d sessions)",
              1000 * (cpuAfter.total() - cpuBefore.total()) / Math.max(1, all.length),
              cpuAfter.since(cpuBefore),
              all.length));
      Percentiles latency = Percentiles.of(all);
      report.add(
          new Report.Row(
              "session setup → first byte → end, " + workers + " clients, H2",
              String.format(
                  "%.0f /s, p50 %.1f ms, p99 %.1f ms",
                  perSecond, latency.p50Micros() / 1000, latency.p99Micros() / 1000),
              "target 500 /s, p99 50 ms",
              perSecond / TARGET_PER_SECOND,
              "≥ 500 /s, p99 ≤ 50 ms",
              Report.verdict(
                  perSecond >= TARGET_PER_SECOND
                      && latency.p99Micros() / 1000 <= TARGET_P99_MILLIS)));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Whole sessions until {@code until}; returns the durations of those started after warm-up. */
  private static long[] cycles(
      BrokerClients clients, AtomicInteger serial, long measureFrom, long until) throws Exception {
    long[] durations = new long[1024];
    int count = 0;
    while (true) {
      long start = System.nanoTime();
      if (start >= until) {
        break;
      }
      PairedSession session = new PairedSession(clients);
      session.open(serial.incrementAndGet());
      session.end();
      long end = System.nanoTime();
      if (start >= measureFrom && end <= until) {
        if (count == durations.length) {
          durations = java.util.Arrays.copyOf(durations, count * 2);
        }
        durations[count++] = end - start;
      }
    }
    return java.util.Arrays.copyOf(durations, count);
  }
}
