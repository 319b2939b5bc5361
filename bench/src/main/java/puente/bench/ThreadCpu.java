package puente.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of a process by thread name (digits folded, so pools add up), from {@code
 * /proc/<pid>/task}: shows whether the relay, the gRPC executor or the JIT compiler used it.
 */
final class ThreadCpu {
  private final Map<String, Double> seconds;

  private ThreadCpu(Map<String, Double> seconds) {
    this.seconds = seconds;
  }

  static ThreadCpu of(long pid) throws IOException {
    Map<String, Double> seconds = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name =
              stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          double used = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
          seconds.merge(name, used, Double::sum);
        } catch (IOException gone) {
          // The thread ended meanwhile.
        }
      }
    }
    return new ThreadCpu(seconds);
  }

  /** CPU seconds one thread group used since {@code earlier}. */
  double used(ThreadCpu earlier, String group) {
    return seconds.getOrDefault(group, 0.0) - earlier.seconds.getOrDefault(group, 0.0);
  }

  /**
   * CPU seconds the thread groups whose names start with {@code prefix} used since {@code earlier}.
   */
  double usedByPrefix(ThreadCpu earlier, String prefix) {
    return seconds.keySet().stream()
        .filter(name -> name.startsWith(prefix))
        .mapToDouble(name -> used(earlier, name))
        .sum();
  }

  /** CPU seconds of every thread seen (threads that ended meanwhile are missing). */
  double total() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** What each thread group used since {@code earlier}, largest first. */
  String since(ThreadCpu earlier) {
    return seconds.entrySet().stream()
        .map(
            e ->
                Map.entry(e.getKey(), e.getValue() - earlier.seconds.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() >= 0.05)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
