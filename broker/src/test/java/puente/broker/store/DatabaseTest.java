package puente.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.broker.config.BrokerConfig;

class DatabaseTest {
  @TempDir Path dir;

  @Test
  void embeddedH2KeepsRoomForEveryStatementTheStoresPrepare() {
    try (Database database =
        Database.open(
            new BrokerConfig.Database(
                "jdbc:h2:file:" + dir.resolve("puente") + ";WRITE_DELAY=0", "sa", "", 2))) {
      String size =
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                  + " WHERE SETTING_NAME = 'QUERY_CACHE_SIZE'")
                          .mapTo(String.class)
                          .one());
      assertThat(Integer.parseInt(size)).isGreaterThanOrEqualTo(32);
    }
  }

  @Test
  void leavesOtherUrlsAndAnExplicitSizeAsTheyAre() {
    assertThat(Database.withQueryCache("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"))
        .startsWith("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=");
    assertThat(Database.withQueryCache("jdbc:h2:file:/d/p;query_cache_size=4"))
        .isEqualTo("jdbc:h2:file:/d/p;query_cache_size=4");
    assertThat(Database.withQueryCache("jdbc:h2:tcp://127.0.0.1:9092/p"))
        .isEqualTo("jdbc:h2:tcp://127.0.0.1:9092/p");
    assertThat(Database.withQueryCache("jdbc:postgresql://127.0.0.1:5432/test"))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
  }
}
