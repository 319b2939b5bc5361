package puente.bench;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's memory as the session figures count it: heap in use right after a full GC, plus the
 * native memory tracker's "Other" category, where direct buffers (Netty's pooled arenas included)
 * are committed. The JVM must run with {@code -XX:NativeMemoryTracking=summary}.
 */
record JvmMemory(long heapAfterGc, long direct) {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern OTHER =
      Pattern.compile("Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

  static JvmMemory of(long pid) throws IOException, InterruptedException {
    String id = Long.toString(pid);
    // Twice: the first full collection may leave objects that only it made unreachable.
    Jdk.run("jcmd", id, "GC.run");
    Jdk.run("jcmd", id, "GC.run");
    long heap = kib(HEAP_USED, Jdk.run("jcmd", id, "GC.heap_info"));
    long direct = kib(OTHER, Jdk.run("jcmd", id, "VM.native_memory", "summary"));
    return new JvmMemory(heap, direct);
  }

  long total() {
    return heapAfterGc + direct;
  }

  @Override
  public String toString() {
    return String.format(
        "heap %.1f MiB + direct %.1f MiB", heapAfterGc / 1048576.0, direct / 1048576.0);
  }

  private static long kib(Pattern pattern, String text) throws IOException {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IOException("no /" + pattern + "/ in:\n" + text);
    }
    return Long.parseLong(matcher.group(1)) * 1024;
  }
}
