package puente.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Java Flight Recorder on the broker process during one benchmark, summarised as the methods its
 * execution samples fall in: the top frame (where the CPU is) and anywhere on the stack (what the
 * time is spent under).
 */
final class Profiler {
  private static final int STACK_DEPTH = 64;

  private final long pid;
  private final Path file;

  Profiler(long pid, Path file) {
    this.pid = pid;
    this.file = file;
  }

  void start() throws IOException, InterruptedException {
    Jdk.run(
        "jcmd",
        Long.toString(pid),
        "JFR.start",
        "name=bench",
        "settings=profile",
        "filename=" + file);
  }

  void stop() throws IOException, InterruptedException {
    Jdk.run("jcmd", Long.toString(pid), "JFR.stop", "name=bench");
  }

  /** The recording's execution samples by top frame and by frame anywhere on the stack. */
  String summary(int top) throws IOException, InterruptedException {
    String printed =
        Jdk.run(
            "jfr",
            "print",
            "--events",
            "jdk.ExecutionSample",
            "--stack-depth",
            Integer.toString(STACK_DEPTH),
            file.toString());
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    boolean inStack = false;
    boolean first = false;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String raw : printed.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("sampledThread = ")) {
        String thread =
            line.substring("sampledThread = ".length())
                .replaceAll(" \\(.*", "")
                .replaceAll("\\d+", "N");
        threads.merge(thread, 1, Integer::sum);
      } else if (line.equals("stackTrace = [")) {
        inStack = true;
        first = true;
        seen.clear();
        samples++;
      } else if (inStack && line.equals("]")) {
        inStack = false;
      } else if (inStack && !line.equals("...")) {
        String method = line.replaceAll("\\(.*", "");
        if (first) {
          self.merge(method, 1, Integer::sum);
          first = false;
        }
        if (seen.add(method)) {
          total.merge(method, 1, Integer::sum);
        }
      }
    }
    return "JFR execution samples of the broker: "
        + samples
        + "\n"
        + "  by thread:\n"
        + ranked(threads, samples, 8)
        + "  top frame (self):\n"
        + ranked(self, samples, top)
        + "  anywhere on the stack (total):\n"
        + ranked(total, samples, top);
  }

  private static String ranked(Map<String, Integer> counts, int samples, int top) {
    List<Map.Entry<String, Integer>> sorted =
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(top)
            .collect(Collectors.toList());
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Integer> entry : sorted) {
      out.append(
          String.format("    %5.1f%%  %s%n", 100.0 * entry.getValue() / samples, entry.getKey()));
    }
    return out.toString();
  }
}
