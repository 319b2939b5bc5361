package puente.bench;

import java.util.List;

/**
 * Runs a workload in rounds until the JIT compilers of the processes it exercises have settled: in
 * the last round their compiler threads used under 5 % of the CPU the rest of those processes used,
 * after at least {@link #MIN_NANOS} and at most a bound ({@link #MAX_NANOS} unless given).
 * Compiling is a start-up cost; measured, it would count against the thing being measured.
 */
final class WarmUp {
  static final long MIN_NANOS = 10_000_000_000L;
  static final long MAX_NANOS = 60_000_000_000L;
  private static final String COMPILER_THREADS = "CN CompilerThre";

  /** One round of the workload. */
  interface Round {
    void run() throws Exception;
  }

  private WarmUp() {}

  /**
   * Warms up and notes how long it took.
   *
   * @param what names the workload in the note
   * @param pids the processes whose compilers must settle
   */
  static void until(Report report, String what, List<Long> pids, Round round) throws Exception {
    until(report, what, pids, MAX_NANOS, round);
  }

  /**
   * Warms up for at most {@code maxNanos} and notes how long it took.
   *
   * @param what names the workload in the note
   * @param pids the processes whose compilers must settle
   * @param maxNanos the bound, for a comparison that needs the compilers quieter than the default
   *     bound leaves them
   */
  static void until(Report report, String what, List<Long> pids, long maxNanos, Round round)
      throws Exception {
    long start = System.nanoTime();
    while (true) {
      ThreadCpu[] before = snapshot(pids);
      round.run();
      ThreadCpu[] after = snapshot(pids);
      double compiler = 0;
      double all = 0;
      for (int i = 0; i < pids.size(); i++) {
        compiler += after[i].used(before[i], COMPILER_THREADS);
        all += after[i].total() - before[i].total();
      }
      double share = compiler / Math.max(0.01, all - compiler);
      long elapsed = System.nanoTime() - start;
      if (elapsed > maxNanos || (elapsed > MIN_NANOS && share < 0.05)) {
        report.note(
            String.format(
                "%s warm-up: %.0f s, JIT compilers at the end %.0f%% of the work's CPU",
                what, elapsed / 1e9, 100 * share));
        return;
      }
    }
  }

  private static ThreadCpu[] snapshot(List<Long> pids) throws Exception {
    ThreadCpu[] cpu = new ThreadCpu[pids.size()];
    for (int i = 0; i < cpu.length; i++) {
      cpu[i] = ThreadCpu.of(pids.get(i));
    }
    return cpu;
  }
}
