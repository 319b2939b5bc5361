package puente.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToDoubleFunction;

/**
 * The web console's cost with many live sessions, each figure beside the same broker with none: the
 * live page's first paint in Chromium and its HTML, an update's arrival at a watching page (the
 * time from a client's change to the first server-sent board showing it), and the broker's CPU for
 * pushing a burst of changes to live-page watchers.
 */
final class ConsoleBench {
  private static final double TARGET_PAINT_MILLIS = 1000;
  private static final double TARGET_ARRIVAL_MILLIS = 1000;
  private static final int WARM_UP = 3;
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int BURST_ROUNDS = 3;
  private static final long QUIET_MILLIS = 10_000;

  private final Report report;
  private final int liveSessions;
  private final int paintSamples;
  private final int arrivalSamples;
  private final int burst;
  private final List<Integer> watchers;

  /**
   * @param liveSessions paired sessions held open while measuring, e.g. 1,000
   * @param paintSamples page loads per figure
   * @param arrivalSamples sessions opened (and as many ended) per figure
   * @param burst sessions opened and ended while the CPU is measured
   * @param watchers live-page watcher counts to measure the burst with, 0 first
   */
  ConsoleBench(
      Report report,
      int liveSessions,
      int paintSamples,
      int arrivalSamples,
      int burst,
      List<Integer> watchers) {
    this.report = report;
    this.liveSessions = liveSessions;
    this.paintSamples = paintSamples;
    this.arrivalSamples = arrivalSamples;
    this.burst = burst;
    this.watchers = watchers;
  }

  /** What one page and one watcher cost at a given number of live sessions. */
  private record Look(
      int live, long[] paint, long[] html, int htmlBytes, long[] opened, long[] ended) {}

  void run(Installation puente) throws Exception {
    if (!ConsoleBrowser.installed()) {
      throw new IllegalStateException(
          "the console run needs Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver)");
    }
    report.progress("console: the live page and its pushes, 0 then " + liveSessions + " sessions");
    ConsoleClient console =
        ConsoleClient.signIn(puente.httpPort(), Installation.SUPERVISOR, Installation.PASSWORD);
    try (HeldSessions held = new HeldSessions(puente, 8, 2_000_000);
        ConsoleBrowser browser =
            ConsoleBrowser.signIn(console.base(), Installation.SUPERVISOR, Installation.PASSWORD)) {
      Look none = look(console, browser, held);
      long start = System.nanoTime();
      held.openUpTo(liveSessions);
      report.note(
          String.format(
              "console: %d paired sessions opened in %.1f s",
              held.size(), (System.nanoTime() - start) / 1e9));
      Look many = look(console, browser, held);
      rows(none, many);
      pushing(puente, console, held);
    }
  }

  private Look look(ConsoleClient console, ConsoleBrowser browser, HeldSessions held)
      throws Exception {
    int live = held.size();
    report.progress("  console at " + live + " live sessions");
    long[] paint =
        samples(paintSamples, () -> (long) (browser.firstPaintMillis("/console/live") * 1e6));
    int[] size = new int[1];
    long[] html =
        samples(
            paintSamples * 2,
            () -> {
              ConsoleClient.Fetched page = console.fetch("/console/live");
              size[0] = page.bytes();
              return page.nanos();
            });
    long[] opened = new long[arrivalSamples];
    long[] ended = new long[arrivalSamples];
    try (LiveEvents events = LiveEvents.open(console, true)) {
      for (int i = -WARM_UP; i < arrivalSamples; i++) {
        PairedSession session = new PairedSession(held.clients());
        session.open(held.nextSerial());
        long shown = events.awaitNaming(session.sessionId(), session.openSentNanos(), WAIT);
        pause();
        long endAsked = System.nanoTime();
        session.end();
        long gone = events.awaitNotNaming(session.sessionId(), endAsked, WAIT);
        if (i >= 0) {
          opened[i] = shown - session.openSentNanos();
          ended[i] = gone - endAsked;
        }
        pause();
      }
    }
    return new Look(live, paint, html, size[0], opened, ended);
  }

  /** A random pause, so that changes fall anywhere between the feed's looks at the board. */
  private static void pause() throws InterruptedException {
    Thread.sleep(ThreadLocalRandom.current().nextLong(50, 400));
  }

  private interface Sample {
    long nanos() throws Exception;
  }

  private static long[] samples(int count, Sample sample) throws Exception {
    for (int i = 0; i < WARM_UP; i++) {
      sample.nanos();
    }
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      nanos[i] = sample.nanos();
    }
    return nanos;
  }

  private void rows(Look none, Look many) {
    String at = " at " + many.live() + " live sessions";
    timed(
        "live page first contentful paint (Chromium, median / p95)" + at,
        many.paint(),
        none.paint(),
        "p95 ≤ 1 s",
        TARGET_PAINT_MILLIS);
    report.add(
        new Report.Row(
            "live page HTML response (median / p95, size)" + at,
            spread(many.html()) + ", " + kib(many.htmlBytes()),
            "0 sessions: " + spread(none.html()) + ", " + kib(none.htmlBytes()),
            median(many.html()) / median(none.html()),
            "",
            Report.Verdict.CONTEXT));
    timed(
        "a session opened: first pushed board showing it (median / p95)" + at,
        many.opened(),
        none.opened(),
        "p95 ≤ 1 s",
        TARGET_ARRIVAL_MILLIS);
    timed(
        "a session ended: first pushed board without it (median / p95)" + at,
        many.ended(),
        none.ended(),
        "p95 ≤ 1 s",
        TARGET_ARRIVAL_MILLIS);
  }

  private void timed(
      String figure, long[] measured, long[] baseline, String target, double targetMillis) {
    report.add(
        new Report.Row(
            figure,
            spread(measured),
            "0 sessions: " + spread(baseline),
            median(measured) / median(baseline),
            target,
            Report.verdict(p95(measured) <= targetMillis)));
  }

  /** The broker's CPU over one stretch: the whole process, and its Vert.x threads alone. */
  private record Cpu(
      double process, double vertx, long pushesEach, double kibEach, double seconds) {}

  /**
   * The broker's CPU over a burst of sessions opened and ended, with 0, then more live-page
   * watchers subscribed, a few rounds in turn (the machine is shared); and over a quiet stretch
   * with no change, which the watchers cost as well (the feed re-sends the board every few
   * seconds).
   */
  private void pushing(Installation puente, ConsoleClient console, HeldSessions held)
      throws Exception {
    int changes = 2 * burst;
    // An unmeasured burst with a watcher first, so that the JIT compiler's work on opening, ending
    // and pushing does not land on whichever burst comes first.
    try (LiveEvents warm = LiveEvents.open(console, false)) {
      held.openAndEnd(burst);
    }
    Map<Integer, List<Cpu>> bursts = new TreeMap<>();
    Map<Integer, Cpu> quiet = new TreeMap<>();
    for (int round = 0; round < BURST_ROUNDS; round++) {
      for (int count : watchers) {
        List<LiveEvents> streams = new ArrayList<>();
        try {
          for (int i = 0; i < count; i++) {
            streams.add(LiveEvents.open(console, false));
          }
          // Each new page is sent the whole board at once: let those first writes pass.
          Thread.sleep(3_000);
          if (round == 0) {
            quiet.put(count, cpu(puente.broker(), streams, () -> Thread.sleep(QUIET_MILLIS)));
          }
          Cpu cpu = cpu(puente.broker(), streams, () -> held.openAndEnd(burst));
          bursts.computeIfAbsent(count, c -> new ArrayList<>()).add(cpu);
          report.note(
              String.format(
                  "console burst, round %d, %d watchers, %d live: %d changes in %.1f s, broker CPU"
                      + " %.2f s, Vert.x threads %.2f s; %d boards pushed to each watcher, %.0f"
                      + " KiB each",
                  round + 1,
                  count,
                  held.size(),
                  changes,
                  cpu.seconds(),
                  cpu.process(),
                  cpu.vertx(),
                  cpu.pushesEach(),
                  cpu.kibEach()));
        } finally {
          for (LiveEvents stream : streams) {
            stream.close();
          }
        }
      }
    }
    int none = watchers.get(0);
    double aloneProcess = median(bursts.get(none), Cpu::process);
    double aloneVertx = median(bursts.get(none), Cpu::vertx);
    Cpu quietAlone = quiet.get(none);
    for (int count : watchers.subList(1, watchers.size())) {
      double process = median(bursts.get(count), Cpu::process);
      double vertx = median(bursts.get(count), Cpu::vertx);
      int added = count - none;
      report.add(
          new Report.Row(
              String.format(
                  "broker CPU per change per live-page watcher, %d watchers, %d live (median of"
                      + " %d bursts of %d changes)",
                  count, held.size(), BURST_ROUNDS, changes),
              String.format(
                  "Vert.x threads %.3f ms, process %.3f ms (burst: Vert.x %.2f s, process %.2f s)",
                  (vertx - aloneVertx) / changes / added * 1e3,
                  (process - aloneProcess) / changes / added * 1e3,
                  vertx,
                  process),
              String.format(
                  "%d watchers: Vert.x %.2f s, process %.2f s (%.1f ms per change)",
                  none, aloneVertx, aloneProcess, aloneProcess / changes * 1e3),
              process / aloneProcess,
              "",
              Report.Verdict.CONTEXT));
      Cpu still = quiet.get(count);
      report.add(
          new Report.Row(
              String.format(
                  "broker CPU with %d live-page watchers and no change, %d live",
                  count, held.size()),
              String.format(
                  "Vert.x threads %.1f %%, process %.1f %% of a core; %d boards of %.0f KiB to each"
                      + " in %.0f s",
                  100 * still.vertx() / still.seconds(),
                  100 * still.process() / still.seconds(),
                  still.pushesEach(),
                  still.kibEach(),
                  still.seconds()),
              String.format(
                  "%d watchers: Vert.x %.1f %%, process %.1f %%",
                  none,
                  100 * quietAlone.vertx() / quietAlone.seconds(),
                  100 * quietAlone.process() / quietAlone.seconds()),
              still.process() / quietAlone.process(),
              "",
              Report.Verdict.CONTEXT));
    }
  }

  private interface Stretch {
    void run() throws Exception;
  }

  /** The broker's CPU while {@code stretch} runs, and until the feed's next look after it. */
  private static Cpu cpu(Proc broker, List<LiveEvents> streams, Stretch stretch) throws Exception {
    long eventsBefore = streams.stream().mapToLong(LiveEvents::events).sum();
    long bytesBefore = streams.stream().mapToLong(LiveEvents::bytes).sum();
    ThreadCpu threadsBefore = ThreadCpu.of(broker.pid());
    double before = broker.cpuSeconds();
    long start = System.nanoTime();
    stretch.run();
    Thread.sleep(1_000);
    double seconds = (System.nanoTime() - start) / 1e9;
    double process = broker.cpuSeconds() - before;
    double vertx = ThreadCpu.of(broker.pid()).usedByPrefix(threadsBefore, "vert.x-");
    long pushes = streams.stream().mapToLong(LiveEvents::events).sum() - eventsBefore;
    long bytes = streams.stream().mapToLong(LiveEvents::bytes).sum() - bytesBefore;
    return new Cpu(
        process,
        vertx,
        streams.isEmpty() ? 0 : pushes / streams.size(),
        pushes == 0 ? 0 : bytes / 1024.0 / pushes,
        seconds);
  }

  private static double median(List<Cpu> bursts, ToDoubleFunction<Cpu> figure) {
    double[] values = bursts.stream().mapToDouble(figure).sorted().toArray();
    return values[values.length / 2];
  }

  private static double median(long[] nanos) {
    return Percentiles.micros(nanos, 0.50) / 1000;
  }

  private static double p95(long[] nanos) {
    return Percentiles.micros(nanos, 0.95) / 1000;
  }

  private static String spread(long[] nanos) {
    return String.format("%.0f / %.0f ms", median(nanos), p95(nanos));
  }

  private static String kib(int bytes) {
    return String.format("%.0f KiB", bytes / 1024.0);
  }
}
