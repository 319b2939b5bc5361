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
  void transportLimitsDefaultToASupportCentreBehindOneAddress() {
    BrokerConfig.Limits limits = loader.load(null, List.of()).limits();
    assertThat(limits.grpc().connectionsPerAddress()).isEqualTo(1000);
    assertThat(limits.grpc().callsPerConnection()).isEqualTo(100);
    assertThat(limits.grpc().rstFramesPerWindow()).isEqualTo(200);
    assertThat(limits.grpc().rstWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.grpc().keepAliveTime()).isEqualTo(Duration.ofMinutes(1));
    assertThat(limits.grpc().maxConnectionIdle()).isEqualTo(Duration.ofMinutes(15));
    assertThat(limits.grpc().maxMessageBytes()).isEqualTo(2 * 1024 * 1024);
    assertThat(limits.grpc().permitKeepAliveWithoutCalls()).isFalse();
    assertThat(limits.data().connectionsPerAddress()).isEqualTo(2000);
    assertThat(limits.http().maxBodyBytes()).isEqualTo(64 * 1024);
    assertThat(limits.http().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aBadTransportLimitIsNamedWithItsKey() {
    assertThat(loader.load(null, List.of("limits.grpc.callsPerConnection=4")).limits().grpc())
        .extracting(BrokerConfig.GrpcLimits::callsPerConnection)
        .isEqualTo(4);
    assertThatThrownBy(() -> loader.load(null, List.of("limits.grpc.callsPerConnection=0")))
        .hasMessage("limits.grpc.callsPerConnection: 0 (expected: >= 1)");
    assertThatThrownBy(() -> loader.load(null, List.of("limits.data.connectionsPerAddress=-1")))
        .hasMessage("limits.data.connectionsPerAddress: -1 (expected: >= 1)");
    assertThatThrownBy(() -> loader.load(null, List.of("limits.grpc.rstWindow=PT0.5S")))
        .hasMessage("limits.grpc.rstWindow: PT0.5S (expected: whole seconds, >= PT1S)");
    assertThatThrownBy(() -> loader.load(null, List.of("limits.grpc.keepAliveTime=PT1S")))
        .hasMessage("limits.grpc.keepAliveTime: PT1S (expected: >= PT10S)");
    assertThatThrownBy(() -> loader.load(null, List.of("limits.http.idleTimeout=PT0S")))
        .hasMessage("limits.http.idleTimeout: PT0S (expected: a positive duration)");
    assertThatThrownBy(() -> loader.load(null, List.of("limits.grpc.maxCalls=4")))
        .hasMessage("limits.grpc.maxCalls: unknown key");
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
