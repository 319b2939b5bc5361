package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.broker.store.TestDatabases;
import puente.v1.AgentServiceGrpc;
import puente.v1.ListTicketsRequest;
import puente.v1.LoginRequest;
import puente.v1.TicketServiceGrpc;

/**
 * The broker and its admin commands, started from different folders with one home, find the same
 * data, while the broker runs (through its admin socket) and after it stops (the file directly);
 * the broker listens on its three configured ports and nothing else.
 */
class BrokerHomeProcessTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening: gRPC [^:]+:(\\d+), HTTP [^:]+:(\\d+), data [^:]+:(\\d+)");

  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

  @TempDir Path dir;

  @Test
  void commandsFromAnyFolderReachTheRunningBrokerThroughItsSocketAndNoDatabasePortListens()
      throws Exception {
    Path home = dir.resolve("home");
    Path log = dir.resolve("broker.log");
    assertThat(run(folder("a"), home, null, addLicence("LIC-CASA", "Papelería Núñez")))
        .startsWith("0");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
        .isEqualTo("rwx------");

    Process broker = startBroker(folder("b"), home, log);
    Path socket = home.resolve("puente.sock");
    try {
      Matcher ports = awaitListening(broker, log);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-------");

      // While the broker holds the file, commands from other folders run inside it.
      assertThat(run(folder("c"), home, null, "licence", "show", "LIC-CASA"))
          .startsWith("0")
          .contains("Papelería Núñez");
      assertThat(run(folder("c"), home, null, addLicence("LIC-DOS", "Ferretería Ávila")))
          .startsWith("0");
      // The password is read on the command's side and never reaches the broker's log.
      assertThat(
              run(
                  folder("c"),
                  home,
                  "contraseña-secreta-1",
                  "agent",
                  "add",
                  "lucia",
                  "--name",
                  "Lucía",
                  "--password-stdin"))
          .startsWith("0")
          .contains("agent lucia (agent) created");
      assertThat(run(folder("a"), home, null, "agent", "audit"))
          .startsWith("0")
          .contains(System.getProperty("user.name") + "  add  lucia");
      // A relative file name is read in the folder the command was typed in.
      Files.writeString(
          folder("e").resolve("lic.csv"),
          "key,customer,product,mode,starts,ends,updates\n"
              + "LIC-CSV,Abarrotes Ruiz,contabilidad,rental,2020-01-01,2099-01-01,\n");
      assertThat(run(folder("e"), home, null, "licence", "import", "lic.csv"))
          .startsWith("0")
          .contains("1 licence(s) imported");
      assertThat(Files.readString(log))
          .contains("admin command by " + System.getProperty("user.name") + ": agent add")
          .doesNotContain("contraseña-secreta-1");

      assertThat(listeningSockets(broker.pid()))
          .allSatisfy(s -> assertThat(s.loopback()).as("listens on loopback: " + s).isTrue())
          .extracting(Socket::port)
          .containsExactlyInAnyOrder(
              Integer.parseInt(ports.group(1)),
              Integer.parseInt(ports.group(2)),
              Integer.parseInt(ports.group(3)));
    } finally {
      broker.destroy();
      assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(socket).doesNotExist();
    assertThat(run(folder("d"), home, null, "licence", "show", "LIC-DOS"))
        .startsWith("0")
        .contains("Ferretería Ávila");
    assertThat(run(folder("d"), home, null, "licence", "show", "LIC-CSV"))
        .contains("Abarrotes Ruiz");
    assertThat(run(folder("d"), home, null, "agent", "list")).contains("lucia");
  }

  @Test
  void anotherOsUserIsRefusedByTheSocketEvenWhenItsFileIsOpenedUp() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")) && Files.isExecutable(SETPRIV),
        "needs root and setpriv to connect as another OS user; skipped");
    Path home = dir.resolve("home");
    Path log = dir.resolve("broker.log");
    Process broker = startBroker(folder("b"), home, log);
    Path socket = home.resolve("puente.sock");
    try {
      awaitListening(broker, log);
      // Open the way on purpose: the folder and socket permissions are the first door; the
      // peer-credential check is the second, and this proves it holds alone.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

      Process stranger =
          new ProcessBuilder(
                  SETPRIV.toString(),
                  "--reuid=65534",
                  "--regid=65534",
                  "--clear-groups",
                  "socat",
                  "-t5",
                  "-",
                  "UNIX-CONNECT:" + socket)
              .redirectErrorStream(true)
              .start();
      stranger.getOutputStream().close();
      byte[] answer = stranger.getInputStream().readAllBytes();
      assertThat(stranger.waitFor(30, TimeUnit.SECONDS)).isTrue();

      String text = new String(answer, StandardCharsets.UTF_8);
      assertThat(text).contains("refused: only the broker's OS user (or root)");
      // The last frame is the exit code: kind 3, then 77 as a big-endian int.
      assertThat(Arrays.copyOfRange(answer, answer.length - 5, answer.length))
          .containsExactly(3, 0, 0, 0, 77);
      assertThat(Files.readString(log)).contains("admin socket: refused OS user nobody");
    } finally {
      broker.destroy();
      assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aSocketLeftByAKilledBrokerIsPassedOverAndReplacedAtTheNextStart() throws Exception {
    Path home = dir.resolve("home");
    Path log = dir.resolve("broker.log");
    assertThat(run(folder("a"), home, null, addLicence("LIC-CASA", "Papelería Núñez")))
        .startsWith("0");
    Process broker = startBroker(folder("b"), home, log);
    awaitListening(broker, log);
    broker.destroyForcibly();
    assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Path socket = home.resolve("puente.sock");
    assertThat(socket).exists();

    // Nobody answers: the command opens the file itself.
    assertThat(run(folder("c"), home, null, "licence", "show", "LIC-CASA"))
        .startsWith("0")
        .contains("Papelería Núñez");

    Path log2 = dir.resolve("broker2.log");
    Process again = startBroker(folder("b"), home, log2);
    try {
      awaitListening(again, log2);
      assertThat(run(folder("c"), home, null, "licence", "show", "LIC-CASA"))
          .startsWith("0")
          .contains("Papelería Núñez");
      assertThat(Files.readString(log2)).contains("admin command by");
    } finally {
      again.destroy();
      assertThat(again.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void withPostgreSqlTheCommandsGoThroughTheBrokerSoADisabledAgentsTokenFailsAtOnce()
      throws Exception {
    Path home = dir.resolve("home-pg");
    Path log = dir.resolve("broker-pg.log");
    String[] database = {
      "--set", "database.url=" + TestDatabases.freshPostgresUrl(),
      "--set", "database.user=" + TestDatabases.postgresUser()
    };
    Process broker = startBroker(folder("pg"), home, log, database);
    Path socket = home.resolve("puente-admin.sock");
    ManagedChannel channel = null;
    try {
      Matcher ports = awaitListening(broker, log);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-------");
      assertThat(
              run(
                  folder("pg-c"),
                  home,
                  "contraseña-secreta-1",
                  concat(database, "agent", "add", "lucia", "--name", "Lucía", "--password-stdin")))
          .startsWith("0");
      assertThat(Files.readString(log))
          .contains("admin command by " + System.getProperty("user.name") + ": agent add");

      channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(ports.group(1)))
              .usePlaintext()
              .build();
      String token =
          AgentServiceGrpc.newBlockingStub(channel)
              .login(
                  LoginRequest.newBuilder()
                      .setUsername("lucia")
                      .setPassword("contraseña-secreta-1")
                      .build())
              .getToken();
      TicketServiceGrpc.TicketServiceBlockingStub lucia =
          TicketServiceGrpc.newBlockingStub(channel)
              .withCallCredentials(BrokerFixture.bearer(token));
      lucia.listTickets(ListTicketsRequest.getDefaultInstance());
      lucia.listTickets(ListTicketsRequest.getDefaultInstance());

      assertThat(run(folder("pg-c"), home, null, concat(database, "agent", "disable", "lucia")))
          .startsWith("0");
      // The command returned: the broker already forgot the token it kept, no one-second wait.
      assertThatThrownBy(() -> lucia.listTickets(ListTicketsRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      if (channel != null) {
        channel.shutdownNow();
      }
      broker.destroy();
      assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(socket).doesNotExist();
    // With the broker stopped, the same command reaches the database itself.
    assertThat(run(folder("pg-d"), home, null, concat(database, "agent", "list")))
        .startsWith("0")
        .contains("lucia");
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }

  private static String[] addLicence(String key, String customer) {
    return new String[] {
      "licence",
      "add",
      key,
      "--customer",
      customer,
      "--product",
      "contabilidad",
      "--mode",
      "rental",
      "--starts",
      "2020-01-01",
      "--ends",
      "2099-01-01"
    };
  }

  private static Process startBroker(Path cwd, Path home, Path log, String... more)
      throws IOException {
    return builder(
            cwd,
            home,
            concat(
                more,
                "--set",
                "grpc.port=0",
                "--set",
                "http.port=" + BrokerProcess.freePort(),
                "--set",
                "data.port=0"))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
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

  /**
   * Runs an admin command; returns its exit code, a space, and what it printed.
   *
   * @param stdin a line to type on its standard input, or null
   */
  private static String run(Path cwd, Path home, String stdin, String... args)
      throws IOException, InterruptedException {
    Process process = builder(cwd, home, args).redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
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
