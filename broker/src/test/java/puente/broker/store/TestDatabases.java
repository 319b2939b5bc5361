package puente.broker.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import puente.broker.config.BrokerConfig;

/**
 * The databases every store test runs against: embedded H2, and the PostgreSQL server on
 * 127.0.0.1:5432. Without a server the PostgreSQL cases are skipped with a message, unless {@code
 * PUENTE_REQUIRE_POSTGRES=1} (set by CI), in which case they fail.
 */
public final class TestDatabases {
  static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String POSTGRES_USER =
      System.getenv().getOrDefault("PUENTE_POSTGRES_USER", System.getProperty("user.name"));

  private TestDatabases() {}

  /** One kind of database a test can open a fresh, empty instance of. */
  public interface Kind {
    /** Opens a fresh database with the schema migrated; closing drops it. */
    Database open();
  }

  /** The kinds, as JUnit arguments named "H2" and "PostgreSQL". */
  public static Stream<org.junit.jupiter.api.Named<Kind>> kinds() {
    return Stream.of(
        org.junit.jupiter.api.Named.of("H2", (Kind) TestDatabases::h2),
        org.junit.jupiter.api.Named.of("PostgreSQL", (Kind) TestDatabases::postgres));
  }

  static Database h2() {
    return Database.open(
        new BrokerConfig.Database(
            "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4));
  }

  static Database postgres() {
    String schema = freshPostgresSchema();
    Database database =
        Database.open(
            new BrokerConfig.Database(
                POSTGRES_URL + "?currentSchema=" + schema, POSTGRES_USER, "", 4));
    return new DroppingDatabase(database, schema).database();
  }

  /**
   * A fresh, empty schema on the PostgreSQL server, dropped when the JVM exits; skips the test (or
   * fails it under {@code PUENTE_REQUIRE_POSTGRES=1}) without a server.
   *
   * @return the JDBC URL that opens it, for {@code database.url}
   */
  public static String freshPostgresUrl() {
    String schema = freshPostgresSchema();
    new DroppingDatabase(null, schema);
    return POSTGRES_URL + "?currentSchema=" + schema;
  }

  /** The user the PostgreSQL tests connect as (trust authentication, no password). */
  public static String postgresUser() {
    return POSTGRES_USER;
  }

  private static String freshPostgresSchema() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      boolean required = "1".equals(System.getenv("PUENTE_REQUIRE_POSTGRES"));
      if (required) {
        throw new AssertionError(
            "PostgreSQL at 127.0.0.1:5432 is required (PUENTE_REQUIRE_POSTGRES=1) but: " + e, e);
      }
      System.err.println("PostgreSQL at 127.0.0.1:5432 is not reachable: PostgreSQL tests skipped");
      Assumptions.abort("PostgreSQL at 127.0.0.1:5432 is not reachable: " + e.getMessage());
    }
    return schema;
  }

  /** Drops a PostgreSQL test schema when the JVM exits. */
  private record DroppingDatabase(Database database, String schema) {
    DroppingDatabase {
      String toDrop = schema;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (Connection c =
                            DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                        Statement s = c.createStatement()) {
                      s.execute("DROP SCHEMA " + toDrop + " CASCADE");
                    } catch (SQLException ignored) {
                      // best effort: the schema name is unique per test
                    }
                  }));
    }
  }
}
