package puente.broker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;
  final ConfigLoader loader = new ConfigLoader();

  @Test
  void defaultsAreTheEmbeddedLoopbackBroker() {
    BrokerConfig config = loader.load(null, List.of());
    assertThat(config.grpc()).isEqualTo(new BrokerConfig.Listener("127.0.0.1", 7480));
    assertThat(config.http()).isEqualTo(new BrokerConfig.Listener("127.0.0.1", 7481));
    assertThat(config.database().url()).startsWith("jdbc:h2:file:");
    assertThat(config.sessions().codeTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.tls().enabled()).isFalse();
    assertThat(config.insecure()).isFalse();
  }

  @Test
  void aFileOverridesOnlyTheKeysItNamesAndSetOverridesTheFile() throws Exception {
    Path file = dir.resolve("puente.yaml");
    Files.writeString(file, "grpc:\n  port: 9000\nsessions:\n  codeTtl: PT5M\n");
    BrokerConfig config = loader.load(file, List.of("grpc.port=9100"));
    assertThat(config.grpc()).isEqualTo(new BrokerConfig.Listener("127.0.0.1", 9100));
    assertThat(config.sessions().codeTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.sessions().consentTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anUnknownKeyIsNamed() throws Exception {
    Path file = dir.resolve("puente.yaml");
    Files.writeString(file, "grpc:\n  prot: 9000\n");
    assertThatThrownBy(() -> loader.load(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("grpc.prot: unknown key");
  }

  @Test
  void aBadValueIsNamedWithItsKey() throws Exception {
    Path file = dir.resolve("puente.yaml");
    Files.writeString(file, "sessions:\n  codeTtl: ten minutes\n");
    assertThatThrownBy(() -> loader.load(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sessions.codeTtl: ");
    assertThatThrownBy(() -> loader.load(null, List.of("grpc.port=70000")))
        .hasMessage("grpc.port: 70000 (expected: 0..65535)");
    assertThatThrownBy(() -> loader.load(null, List.of("sessions.consentTimeout=PT0S")))
        .hasMessage("sessions.consentTimeout: PT0S (expected: a positive duration)");
    assertThatThrownBy(() -> loader.load(null, List.of("tls.certificate=/etc/cert.pem")))
        .hasMessageStartingWith("tls: certificate and privateKey must be set together");
  }

  @Test
  void aFileThatIsNotYamlIsRefusedWithItsName() throws Exception {
    Path file = dir.resolve("puente.yaml");
    Files.writeString(file, "grpc: [unclosed\n");
    assertThatThrownBy(() -> loader.load(file, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file.toString());
  }
}
