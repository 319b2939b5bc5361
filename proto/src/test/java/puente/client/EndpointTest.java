package puente.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:7480, 127.0.0.1, 7480",
    "broker.example.com:443, broker.example.com, 443",
    "'[::1]:7480', ::1, 7480"
  })
  void parsesHostAndPort(String text, String host, int port) {
    assertThat(Endpoint.parse(text)).isEqualTo(new Endpoint(host, port));
  }

  @ParameterizedTest
  @CsvSource({"15900, 127.0.0.1, 15900", "0, 127.0.0.1, 0", "0.0.0.0:15900, 0.0.0.0, 15900"})
  void parsesBindAddressWithDefaultHost(String text, String host, int port) {
    assertThat(Endpoint.parse(text, "127.0.0.1")).isEqualTo(new Endpoint(host, port));
  }

  @ParameterizedTest
  @ValueSource(strings = {"7480", ":7480", "host:", "host:http", "host:70000"})
  void rejectsWhatIsNotHostColonPort(String text) {
    assertThatThrownBy(() -> Endpoint.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "localhost, true",
    "127.0.0.1, true",
    "127.1.2.3, true",
    "::1, true",
    "10.0.0.5, false",
    "broker.example.com, false",
    "localhost.example.com, false"
  })
  void recognisesLoopbackWithoutLookingUpNames(String host, boolean loopback) {
    assertThat(new Endpoint(host, 7480).isLoopback()).isEqualTo(loopback);
  }

  @ParameterizedTest
  @CsvSource({"::1, '[::1]:7480'", "127.0.0.1, 127.0.0.1:7480"})
  void printsBracketsAroundIpv6(String host, String printed) {
    assertThat(new Endpoint(host, 7480)).hasToString(printed);
  }
}
