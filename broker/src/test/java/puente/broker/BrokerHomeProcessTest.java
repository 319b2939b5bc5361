package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker and its admin commands, started from different folders with one home, find the same
 * data, while the broker runs and after it stops; the broker listens on loopback only.
 */
class BrokerHomeProcessTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening: gRPC [^:]+:(\\d+), HTTP [^:]+:(\\d+), data [^:]+:(\\d+)");

  @TempDir Path dir;

  @Test
  void commandsFromAnyFolderReachTheRunningBrokersDataAndNothingListensBeyondLoopback()
      throws Exception {
    Path home = dir.resolve("home");
    Path log = dir.resolve("broker.log");
    assertThat(
            run(
                folder("a"),
                home,
                "licence",
                "add",
                "LIC-CASA",
                "--customer",
                "Papelería Núñez",
                "--product",
                "contabilidad",
                "--mode",
                "rental",
                "--starts",
                "2020-01-01",
                "--ends",
                "2099-01-01"))
        .startsWith("0");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
        .isEqualTo("rwx------");

    Process broker =
        builder(
                folder("b"),
                home,
                "--set",
                "grpc.port=0",
                "--set",
                "http.port=" + BrokerProcess.freePort(),
                "--set",
                "data.port=0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Matcher ports = awaitListening(broker, log);
      Path serverFile = home.resolve("puente.server");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(serverFile)))
          .isEqualTo("rw-------");

      assertThat(run(folder("c"), home, "licence", "show", "LIC-CASA"))
          .startsWith("0")
          .contains("Papelería Núñez");

      int h2Port =
          Integer.parseInt(Files.readString(serverFile).replaceAll(".*:(\\d+)/.*", "$1").trim());
      assertThat(listeningSockets(broker.pid()))
          .allSatisfy(s -> assertThat(s.loopback()).as("listens on loopback: " + s).isTrue())
          .extracting(Socket::port)
          .containsExactlyInAnyOrder(
              Integer.parseInt(ports.group(1)),
              Integer.parseInt(ports.group(2)),
              Integer.parseInt(ports.group(3)),
              h2Port);
    } finally {
      broker.destroy();
      assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(home.resolve("puente.server")).doesNotExist();
    assertThat(run(folder("d"), home, "licence", "show", "LIC-CASA")).contains("Papelería Núñez");
  }

  private Path folder(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  private static ProcessBuilder builder(Path cwd, Path home, String... args) {
    ProcessBuilder builder =
        new ProcessBuilder(BrokerProcess.command(args)).directory(cwd.toFile());
    builder.environment().put("PUENTE_HOME", home.toString());
    return builder;
  }

  /** Runs an admin command; returns its exit code, a space, and what it printed. */
  private static String run(Path cwd, Path home, String... args)
      throws IOException, InterruptedException {
    Process process = builder(cwd, home, args).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
    return process.exitValue() + " " + output;
  }

  private static Matcher awaitListening(Process broker, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return m;
      }
      assertThat(broker.isAlive()).as(Files.readString(log)).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("broker did not start: " + Files.readString(log));
  }

  /** A listening TCP socket of a process. */
  record Socket(int port, boolean loopback) {}

  /** The process's listening TCP sockets, from /proc (Linux). */
  static List<Socket> listeningSockets(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed while listing
        }
      }
    }
    List<Socket> sockets = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> rows = Files.readAllLines(Path.of(table));
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.trim().split("\\s+");
        // f[1] local address:port in hex, f[3] state (0A = LISTEN), f[9] inode
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          sockets.add(new Socket(Integer.parseInt(local[1], 16), isLoopback(local[0])));
        }
      }
    }
    return sockets;
  }

  private static boolean isLoopback(String hex) {
    if (hex.length() == 8) {
      return hex.endsWith("7F"); // little-endian 127.x.x.x
    }
    return hex.equals("00000000000000000000000001000000") // ::1
        || hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"); // ::ffff:127.x
  }
}
