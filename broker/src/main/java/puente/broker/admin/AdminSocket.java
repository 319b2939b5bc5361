package puente.broker.admin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.config.BrokerHome;

/**
 * Where the running broker takes the operator's commands: a Unix domain socket beside its H2 file
 * (in its home by default) or, with a database server, in its home; only the broker's OS user can
 * reach it (the home is 0700, the socket 0600). The broker also checks each peer's credentials and
 * answers only its own user or root; the audit log's "who" is that peer. No network listener is
 * involved.
 */
public final class AdminSocket implements AutoCloseable {
  /** Exit code of a command refused by the socket (another OS user, another database). */
  public static final int REFUSED = 77;

  private static final Logger log = LoggerFactory.getLogger(AdminSocket.class);
  // Commands are short; a few at once is plenty, and more wait in a bounded line or are turned
  // away.
  private static final int THREADS = 2;
  private static final int WAITING = 8;
  // A command sends its whole request at once (a password is read before it connects): a peer that
  // has not within this time is stuck, and would hold one of the few workers.
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Runs one command line inside the broker. */
  @FunctionalInterface
  public interface Commands {
    /**
     * Runs the command as its own process would, printing to the given writers.
     *
     * @param request the command line, folder and password the operator's process sent
     * @param operator the peer's OS user name
     * @return the exit code
     */
    int run(AdminRequest request, String operator, PrintWriter out, PrintWriter err);
  }

  private final ServerSocketChannel server;
  private final Path file;
  private final String databaseUrl;
  private final Commands commands;
  private final Set<UserPrincipal> allowed;
  private final ThreadPoolExecutor workers;
  private final Thread acceptor;
  private final Duration requestTimeout;

  private AdminSocket(
      ServerSocketChannel server,
      Path file,
      String databaseUrl,
      Commands commands,
      Set<UserPrincipal> allowed,
      Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
    this.server = server;
    this.file = file;
    this.databaseUrl = databaseUrl;
    this.commands = commands;
    this.allowed = Set.copyOf(allowed);
    this.workers =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WAITING),
            r -> {
              Thread t = new Thread(r, "puente-admin");
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::accept, "puente-admin-accept");
    this.acceptor.setDaemon(true);
  }

  /**
   * Opens the admin socket, replacing one a killed broker left behind.
   *
   * @param file where (its folder is created readable by its owner only if missing)
   * @param databaseUrl the broker's database; a command configured for another is refused
   * @param commands runs each accepted command line
   * @throws IOException if another broker answers on this home's socket, or it cannot be bound
   */
  public static AdminSocket open(Path file, String databaseUrl, Commands commands)
      throws IOException {
    return open(file, databaseUrl, commands, REQUEST_TIMEOUT);
  }

  static AdminSocket open(Path file, String databaseUrl, Commands commands, Duration requestTimeout)
      throws IOException {
    BrokerHome.createPrivately(file.getParent());
    if (Files.exists(file)) {
      if (AdminClient.answers(file)) {
        throw new IOException("another broker runs with this home: " + file + " answers");
      }
      Files.delete(file); // left by a broker that was killed
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(file));
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      server.close();
      throw new IOException("admin socket " + file + ": " + e.getMessage(), e);
    }
    var users = FileSystems.getDefault().getUserPrincipalLookupService();
    Set<UserPrincipal> allowed = new HashSet<>();
    allowed.add(users.lookupPrincipalByName(System.getProperty("user.name")));
    try {
      allowed.add(users.lookupPrincipalByName("root"));
    } catch (UserPrincipalNotFoundException noRoot) {
      // A system without root: the broker's own user only.
    }
    AdminSocket socket =
        new AdminSocket(server, file, databaseUrl, commands, allowed, requestTimeout);
    socket.acceptor.start();
    return socket;
  }

  private void accept() {
    while (server.isOpen()) {
      SocketChannel peer;
      try {
        peer = server.accept();
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        log.warn("admin socket: {}", e.getMessage());
        continue;
      }
      try {
        workers.execute(() -> serve(peer));
      } catch (RejectedExecutionException busy) {
        log.warn("admin socket: too many commands at once; one turned away");
        closeQuietly(peer);
      }
    }
  }

  private void serve(SocketChannel peer) {
    AdminRequest request = null;
    try (peer) {
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(peer)));
      UnixDomainPrincipal who = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
      if (!allowed.contains(who.user())) {
        // Refused before reading a byte: a stranger's request, password included, is never read.
        log.warn(
            "admin socket: refused OS user {} (only the broker's own user or root)",
            who.user().getName());
        refuse(out, "refused: only the broker's OS user (or root) may run admin commands");
        return;
      }
      AtomicBoolean received = new AtomicBoolean();
      CompletableFuture.delayedExecutor(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                if (!received.get()) {
                  log.warn("admin socket: no command within {}; connection closed", requestTimeout);
                  closeQuietly(peer);
                }
              });
      request =
          AdminWire.readRequest(
              new DataInputStream(new BufferedInputStream(Channels.newInputStream(peer))));
      received.set(true);
      if (!request.databaseUrl().equals(databaseUrl)) {
        refuse(
            out,
            "refused: the broker running at this home uses another database ("
                + databaseUrl
                + "); check --home, --config and --set");
        return;
      }
      String operator = who.user().getName();
      log.info("admin command by {}: {}", operator, commandName(request));
      PrintWriter stdout = AdminWire.writer(out, AdminWire.OUT);
      PrintWriter stderr = AdminWire.writer(out, AdminWire.ERR);
      int code;
      try {
        code = commands.run(request, operator, stdout, stderr);
      } catch (RuntimeException e) {
        log.error("admin command {} failed", commandName(request), e);
        stderr.println("internal error: see the broker's log");
        code = 1;
      }
      stdout.flush();
      stderr.flush();
      AdminWire.writeExit(out, code);
    } catch (IOException e) {
      log.info("admin socket: a command's connection failed: {}", e.getMessage());
    } finally {
      if (request != null && request.password() != null) {
        Arrays.fill(request.password(), '\0');
      }
    }
  }

  private static void refuse(DataOutputStream out, String why) throws IOException {
    PrintWriter err = AdminWire.writer(out, AdminWire.ERR);
    err.println(why);
    err.flush();
    AdminWire.writeExit(out, REFUSED);
  }

  // The subcommands' names only: arguments may carry customers' data, never worth a log line.
  private static String commandName(AdminRequest request) {
    return String.join(
        " ", request.args().stream().filter(a -> a.matches("[a-z][a-z-]*")).limit(2).toList());
  }

  /** Stops taking commands and removes the socket file; commands under way get a bounded wait. */
  @Override
  public void close() {
    closeQuietly(server);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The next command finds nobody answering and opens the database directly.
    }
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
