package puente.bench;

import java.net.Socket;

/**
 * A stalled viewer: the agent's side of a bulk channel stops reading while the customer's service
 * keeps writing. The broker's memory must stay flat and the writer be held back.
 */
final class StalledViewerBench {
  private static final long FLAT_BYTES = 1024 * 1024;

  private final Report report;
  private final BenchService service;
  private final long stallMillis;

  StalledViewerBench(Report report, BenchService service, long stallSeconds) {
    this.report = report;
    this.service = service;
    this.stallMillis = stallSeconds * 1000;
  }

  void run(Installation puente, Installation.Tunnel tunnel) throws Exception {
    report.progress("stalled viewer, " + stallMillis / 1000 + " s");
    long pid = puente.broker().pid();
    JvmMemory before = JvmMemory.of(pid);
    try (Socket stalled = Traffic.connect(tunnel.port())) {
      stalled.setReceiveBufferSize(64 * 1024);
      stalled.getOutputStream().write(BenchService.BULK);
      Thread.sleep(3_000);
      JvmMemory filled = JvmMemory.of(pid);
      long writtenAtStall = service.bulkBytesWritten();
      Thread.sleep(stallMillis);
      JvmMemory after = JvmMemory.of(pid);
      long writtenDuring = service.bulkBytesWritten() - writtenAtStall;
      long growth = after.total() - filled.total();
      report.add(
          new Report.Row(
              "broker memory while a viewer stalls " + stallMillis / 1000 + " s",
              String.format(
                  "%+.1f KiB (%s); writer moved %d KiB meanwhile",
                  growth / 1024.0, after, writtenDuring / 1024),
              String.format(
                  "stalled 3 s: %.1f MiB; idle before: %.1f MiB",
                  filled.total() / 1048576.0, before.total() / 1048576.0),
              after.total() / (double) filled.total(),
              "flat, writer held back",
              Report.verdict(growth <= FLAT_BYTES && writtenDuring <= FLAT_BYTES)));
    }
  }
}
