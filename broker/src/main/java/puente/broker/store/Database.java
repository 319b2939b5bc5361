package puente.broker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import puente.broker.config.BrokerConfig;

/**
 * The broker's database: a connection pool, its migrations, a Jdbi handle on it, and the writer
 * that commits ticket writes together.
 */
public final class Database implements AutoCloseable {
  /**
   * How long a caller waits for its ticket write before it is answered UNAVAILABLE (the write still
   * lands later): long enough to ride out a slow checkpoint, short enough that the apps, who wait
   * 10 s for a call, hear why instead of timing out.
   */
  static final Duration WRITE_DEADLINE = Duration.ofSeconds(5);

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final GroupCommit ticketWrites;
  private final AtomicLong tokenRevocations = new AtomicLong();

  /** Parsed statements H2 keeps per connection (see {@link #withQueryCache}). */
  private static final int H2_QUERY_CACHE_SIZE = 64;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.ticketWrites = new GroupCommit(jdbi, "puente-ticket-writer", WRITE_DEADLINE);
  }

  /**
   * Opens the pool and migrates the schema to the latest version.
   *
   * @param settings JDBC url, user, password and pool size (H2 or PostgreSQL)
   * @return the open database
   */
  public static Database open(BrokerConfig.Database settings) {
    String url = withQueryCache(settings.url());
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setUsername(settings.user());
    hikari.setPassword(settings.password());
    hikari.setMaximumPoolSize(settings.poolSize());
    hikari.setPoolName("puente-db");
    // Migrations use their own connections, so a pool of one is enough for the broker itself.
    Flyway.configure().dataSource(url, settings.user(), settings.password()).load().migrate();
    return new Database(new HikariDataSource(hikari));
  }

  /**
   * An H2 URL with room for every statement the stores prepare on one connection: H2 keeps 8 parsed
   * statements per connection by default, and the ticket writer alone cycles through about twenty,
   * so each was parsed again on every use. Other URLs, a connection to an H2 server (the server's
   * own settings apply) and an H2 URL that sets its own size are returned as they are.
   */
  static String withQueryCache(String url) {
    String upper = url.toUpperCase(Locale.ROOT);
    if (!upper.startsWith("JDBC:H2:")
        || upper.startsWith("JDBC:H2:TCP:")
        || upper.startsWith("JDBC:H2:SSL:")
        || upper.contains("QUERY_CACHE_SIZE=")) {
      return url;
    }
    return url + ";QUERY_CACHE_SIZE=" + H2_QUERY_CACHE_SIZE;
  }

  /** The Jdbi handle the stores use. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /**
   * How many times staff tokens were revoked through this pool (a logout, a disable, a role change,
   * a password reset, a removal): whatever is kept in memory about a token is to be trusted only
   * while this number stays the same.
   */
  public long tokenRevocations() {
    return tokenRevocations.get();
  }

  /** Called after a transaction that revoked tokens has committed. */
  void tokensRevoked() {
    tokenRevocations.incrementAndGet();
  }

  /** Commits the ticket store's writes of many sessions together. */
  GroupCommit ticketWrites() {
    return ticketWrites;
  }

  /**
   * Checks that the database answers a trivial query.
   *
   * @return true when it does
   */
  public boolean isReachable() {
    try {
      return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    ticketWrites.close();
    dataSource.close();
  }
}
