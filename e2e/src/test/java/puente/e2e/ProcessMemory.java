package puente.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of another JVM process: its live heap (used after a full GC, read with {@code jcmd})
 * and its resident set size (from {@code /proc}). The live heap is what a queue of relayed frames
 * would grow; the RSS also covers Netty's direct buffers.
 */
record ProcessMemory(long liveHeapKiB, long rssKiB) {
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

  /** Samples a process: forces a full GC, then reads the heap in use and the RSS. */
  static ProcessMemory of(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    long heap = 0;
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    while (used.find()) {
      heap += Long.parseLong(used.group(1)); // one line per generation or one for G1
    }
    if (heap == 0) {
      throw new AssertionError("no heap figures from jcmd " + pid + " GC.heap_info");
    }
    Matcher rss =
        VM_RSS.matcher(Files.readString(Paths.get("/proc", Long.toString(pid), "status")));
    if (!rss.find()) {
      throw new AssertionError("no VmRSS in /proc/" + pid + "/status");
    }
    return new ProcessMemory(heap, Long.parseLong(rss.group(1)));
  }

  @Override
  public String toString() {
    return "live heap " + mib(liveHeapKiB) + ", RSS " + mib(rssKiB);
  }

  static String mib(long kib) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024.0);
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
    Process process =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError("jcmd " + pid + " " + command + " failed:\n" + output);
    }
    return output;
  }
}
