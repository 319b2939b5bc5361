package puente.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerHomeTest {
  @Test
  void theOptionWinsThenTheEnvironmentThenThePlatformDefault() {
    Map<String, String> env = Map.of("PUENTE_HOME", "/srv/puente", "XDG_DATA_HOME", "/x");

    assertThat(BrokerHome.resolve(Path.of("/opt/p"), env, "Linux", "/home/ana"))
        .isEqualTo(Path.of("/opt/p"));
    assertThat(BrokerHome.resolve(null, env, "Linux", "/home/ana"))
        .isEqualTo(Path.of("/srv/puente"));
    assertThat(BrokerHome.resolve(null, Map.of("XDG_DATA_HOME", "/x"), "Linux", "/home/ana"))
        .isEqualTo(Path.of("/x/puente"));
    assertThat(BrokerHome.resolve(null, Map.of(), "Linux", "/home/ana"))
        .isEqualTo(Path.of("/home/ana/.local/share/puente"));
  }

  @Test
  void aRelativeHomeIsMadeAbsoluteOnce() {
    assertThat(BrokerHome.resolve(Path.of("datos"), Map.of(), "Linux", "/home/ana").isAbsolute())
        .isTrue();
  }

  @Test
  void theDefaultDatabaseLivesInTheHome() {
    BrokerConfig config = new ConfigLoader(Path.of("/srv/puente")).load(null, List.of());

    assertThat(config.database().url()).isEqualTo("jdbc:h2:file:/srv/puente/puente;WRITE_DELAY=0");
  }
}
