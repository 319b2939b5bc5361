package puente.bench;

import java.util.List;

/**
 * Idle paired sessions held open (helper and agent streams connected, consent given, no traffic),
 * measured at rising counts: the broker's memory per session is the slope of heap after GC plus
 * direct memory against the count, the baseline being the same broker before.
 */
final class IdleSessionsBench implements AutoCloseable {
  private static final long TARGET_BYTES_PER_SESSION = 32 * 1024;

  private final Report report;
  private final int workers;
  private HeldSessions held;

  IdleSessionsBench(Report report, int workers) {
    this.report = report;
    this.workers = workers;
  }

  /**
   * Opens sessions up to each count in turn and measures the broker there.
   *
   * @param steps rising session counts, e.g. 1000, 2000, 5000, 10000
   * @return the count actually reached
   */
  int run(Installation puente, List<Integer> steps) throws Exception {
    report.progress("idle paired sessions held: " + steps);
    held = new HeldSessions(puente, workers, 1_000_000);
    long pid = puente.broker().pid();
    JvmMemory before = JvmMemory.of(pid);
    report.note("broker before the idle sessions: " + before);
    double lastSlope = Double.NaN;
    for (int target : steps) {
      long start = System.nanoTime();
      int opened = held.openUpTo(target);
      double seconds = (System.nanoTime() - start) / 1e9;
      JvmMemory at = JvmMemory.of(pid);
      lastSlope = (at.total() - before.total()) / (double) held.size();
      report.note(
          String.format(
              "%d idle sessions (%d opened in %.1f s): %s, %.1f KiB/session",
              held.size(), opened, seconds, at, lastSlope / 1024));
      if (held.size() < target) {
        break;
      }
    }
    report.add(
        new Report.Row(
            "broker memory per idle paired session at " + held.size(),
            String.format("%.1f KiB", lastSlope / 1024),
            String.format("same broker before: %.1f MiB", before.total() / 1048576.0),
            lastSlope / TARGET_BYTES_PER_SESSION,
            "≤ 32 KiB each at 10,000",
            Report.verdict(lastSlope <= TARGET_BYTES_PER_SESSION && held.size() >= 10_000)));
    return held.size();
  }

  /** Drops every held session's streams and the connections. */
  @Override
  public void close() throws InterruptedException {
    if (held != null) {
      held.close();
    }
  }
}
