package puente.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Optional;
import puente.broker.config.BrokerConfig;
import puente.broker.config.BrokerHome;

/**
 * The default H2 file database. The broker opens the file itself and closes it only after the last
 * ticket write of its stop (H2 must not close it on JVM exit first); nothing else opens it while
 * the broker runs: the operator's commands go through the broker's admin socket beside it ({@link
 * #adminSocket}). With the broker stopped, the commands open the file directly.
 *
 * <p>Other URLs (PostgreSQL, H2 in memory, an H2 URL with its own options on closing or serving)
 * are used as they are.
 */
public final class H2File {
  private static final String FILE_PREFIX = "jdbc:h2:file:";
  private static final String SERVER_SOCKET = "puente-admin.sock";

  private H2File() {}

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
    BrokerHome.createPrivately(path.get().getParent());
    return new BrokerConfig.Database(
        settings.url() + ";DB_CLOSE_ON_EXIT=FALSE",
        settings.user(),
        settings.password(),
        settings.poolSize());
  }

  /**
   * The settings an operator's command opens the database with when no broker runs: as configured,
   * with the data folder created readable by its owner only.
   */
  public static BrokerConfig.Database reachedDirectly(BrokerConfig.Database settings) {
    Optional<Path> path = filePath(settings.url());
    if (path.isPresent()) {
      try {
        BrokerHome.createPrivately(path.get().getParent());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return settings;
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
   * Where the running broker takes the operator's commands for this database: a Unix domain socket
   * beside the H2 file (in the broker's home by default), named after it; for a database server,
   * {@code puente-admin.sock} in the broker's home.
   *
   * @return the socket's path; empty for H2 in memory or an H2 URL with its own serving options,
   *     which the commands reach directly
   */
  public static Optional<Path> adminSocket(BrokerConfig config) {
    String url = config.database().url();
    if (!url.toUpperCase(Locale.ROOT).startsWith("JDBC:H2:")) {
      // A database server (PostgreSQL): the commands on the broker's machine still go through the
      // broker, so that what it keeps in memory about accounts changes with them.
      return Optional.of(config.home().resolve(SERVER_SOCKET));
    }
    return filePath(url).map(p -> p.resolveSibling(p.getFileName() + ".sock"));
  }

  /** The database file of an H2 file URL the broker owns, as an absolute path. */
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
}
