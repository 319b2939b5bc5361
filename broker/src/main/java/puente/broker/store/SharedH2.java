package puente.broker.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.h2.tools.Server;
import puente.broker.auth.Secrets;
import puente.broker.config.BrokerConfig;

/**
 * How the operator's commands reach an H2 file database while the broker holds it. The broker opens
 * the file itself, closes it only after the last ticket write of its stop (H2 must not close it on
 * JVM exit first), and serves it to the commands on a loopback port under a random key. The port
 * and key are in a file beside the database that only the broker's OS user can read. Once the
 * broker stops the file is gone, and the commands open the database file directly.
 *
 * <p>Other URLs (PostgreSQL, H2 in memory, an H2 URL that names its own server mode) are used as
 * they are.
 */
public final class SharedH2 implements AutoCloseable {
  private static final String FILE_PREFIX = "jdbc:h2:file:";

  private final Server server;
  private final Path serverFile;

  private SharedH2(Server server, Path serverFile) {
    this.server = server;
    this.serverFile = serverFile;
  }

  /**
   * The settings the broker itself opens the database with.
   *
   * @return an H2 file URL that stays open until the broker closes it; other settings unchanged
   */
  public static BrokerConfig.Database owned(BrokerConfig.Database settings) throws IOException {
    Optional<Path> path = filePath(settings.url());
    if (path.isEmpty()) {
      return settings;
    }
    createPrivately(path.get().getParent());
    return withUrl(settings, settings.url() + ";DB_CLOSE_ON_EXIT=FALSE");
  }

  /**
   * Whether the settings name an H2 file that does not exist yet (opening it creates it empty).
   *
   * @return true for an H2 file URL whose database file is missing
   */
  public static boolean isNewFile(BrokerConfig.Database settings) {
    return filePath(settings.url())
        .map(p -> !Files.exists(p.resolveSibling(p.getFileName() + ".mv.db")))
        .orElse(false);
  }

  /**
   * Creates the data folder readable by the broker's OS user only (the database has no password).
   */
  private static void createPrivately(Path folder) throws IOException {
    if (folder == null || Files.isDirectory(folder)) {
      return;
    }
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  /**
   * Serves the broker's H2 file database to the operator's commands on loopback.
   *
   * @return the server, or empty when the database is not an H2 file this broker serves
   * @throws IOException if the port or the server file cannot be set up
   */
  public static Optional<SharedH2> serve(BrokerConfig.Database settings) throws IOException {
    Optional<Path> path = filePath(settings.url());
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String key = Secrets.newToken();
    int port = freeLoopbackPort();
    Server server;
    try {
      server =
          Server.createTcpServer(
                  "-tcpPort", String.valueOf(port), "-ifExists", "-key", key, path.get().toString())
              .start();
    } catch (SQLException e) {
      throw new IOException("could not serve the database to the admin commands: " + e, e);
    }
    Path serverFile = serverFile(path.get());
    Files.deleteIfExists(serverFile);
    if (serverFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          serverFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(serverFile);
    }
    Files.writeString(
        serverFile, "jdbc:h2:tcp://127.0.0.1:" + port + "/" + key, StandardCharsets.UTF_8);
    return Optional.of(new SharedH2(server, serverFile));
  }

  /**
   * The settings an operator's command opens the database with: through the running broker when one
   * serves it, otherwise as configured.
   */
  public static BrokerConfig.Database reach(BrokerConfig.Database settings) {
    Optional<Path> path = filePath(settings.url());
    if (path.isEmpty()) {
      return settings;
    }
    Path serverFile = serverFile(path.get());
    if (!Files.isReadable(serverFile)) {
      try {
        createPrivately(path.get().getParent());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return settings;
    }
    try {
      String url = Files.readString(serverFile, StandardCharsets.UTF_8).strip();
      try (Connection probe =
          DriverManager.getConnection(url, settings.user(), settings.password())) {
        return withUrl(settings, url);
      }
    } catch (IOException | SQLException e) {
      // Left by a broker that was killed: nobody serves it, the file is free.
      return settings;
    }
  }

  /** Stops serving; the broker closes the database itself afterwards. */
  @Override
  public void close() {
    server.stop();
    try {
      Files.deleteIfExists(serverFile);
    } catch (IOException e) {
      // The next command finds nobody listening and opens the file directly.
    }
  }

  /** The database file of an H2 file URL this class serves, as an absolute path. */
  static Optional<Path> filePath(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    if (!upper.startsWith(FILE_PREFIX.toUpperCase(Locale.ROOT))
        || upper.contains("AUTO_SERVER")
        || upper.contains("DB_CLOSE_ON_EXIT")) {
      return Optional.empty();
    }
    String rest = url.substring(FILE_PREFIX.length());
    int options = rest.indexOf(';');
    String file = options < 0 ? rest : rest.substring(0, options);
    return Optional.of(Paths.get(file).toAbsolutePath().normalize());
  }

  private static Path serverFile(Path database) {
    return database.resolveSibling(database.getFileName() + ".server");
  }

  private static BrokerConfig.Database withUrl(BrokerConfig.Database settings, String url) {
    return new BrokerConfig.Database(
        url, settings.user(), settings.password(), settings.poolSize());
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
