package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import puente.client.RefusalStatus;
import puente.v1.MachineIdentity;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;

/**
 * What a customer's machine reports is checked where it enters: text that would steer a terminal
 * (ESC, NUL, bidirectional overrides) and a version that is not one are refused with the field
 * named, before any ticket exists.
 */
class CustomerTextTest {
  private BrokerFixture broker;

  @BeforeEach
  void start() throws IOException {
    broker = BrokerFixture.start(Clock.systemUTC());
  }

  @AfterEach
  void stop() throws InterruptedException {
    broker.close();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "machine.hostname   | caja-1\\u001b[2K\\rTúnel listo",
        "machine.hostname   | caja\\u0000-1",
        "machine.os         | Linux\\u009b31m",
        "machine.user_name  | ana\\u202etxt.exe",
        "offered_service    | VNC\\n127.0.0.1:5900",
        "installed_version  | 2026.3\\u0007",
        "installed_version  | la más nueva",
        "licence_key        | LIC-0001\\u2028",
      })
  void aFieldThatCouldSteerATerminalIsRefusedNamingTheField(String field, String escaped) {
    String value = unescape(escaped);

    StatusRuntimeException refused = register(withField(field, value).apply(valid()));

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    Refusal refusal = RefusalStatus.fromThrowable(refused).orElseThrow();
    assertThat(refusal.getReason()).isEqualTo(RefusalReason.INVALID_REQUEST);
    assertThat(refusal.getMessage()).startsWith("Solicitud no válida: " + field);
    assertThat(ticketCount()).isZero();
  }

  @Test
  void spanishNamesAndAQualifiedVersionAreWelcome() {
    RegisterRequest request =
        withField("machine.user_name", "Begoña Núñez")
            .apply(withField("installed_version", "2026.3.1-rc2").apply(valid()));

    assertThat(broker.helper().register(request).getCode()).isNotEmpty();
  }

  private long ticketCount() {
    return broker
        .broker()
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tickets").mapTo(Long.class).one());
  }

  private StatusRuntimeException register(RegisterRequest request) {
    return catchThrowableOfType(
        () -> broker.helper().register(request), StatusRuntimeException.class);
  }

  private static RegisterRequest valid() {
    return RegisterRequest.newBuilder()
        .setLicenceKey(BrokerFixture.LICENCE)
        .setProduct("contabilidad")
        .setInstalledVersion("2026.3")
        .setMachine(
            MachineIdentity.newBuilder()
                .setMachineId("m-1")
                .setHostname("caja-1")
                .setOs("Linux")
                .setUserName("ana"))
        .build();
  }

  private static UnaryOperator<RegisterRequest> withField(String field, String value) {
    return request -> {
      RegisterRequest.Builder b = request.toBuilder();
      MachineIdentity.Builder m = b.getMachineBuilder();
      switch (field) {
        case "licence_key" -> b.setLicenceKey(value);
        case "installed_version" -> b.setInstalledVersion(value);
        case "offered_service" -> b.setOfferedService(value);
        case "machine.hostname" -> m.setHostname(value);
        case "machine.os" -> m.setOs(value);
        case "machine.user_name" -> m.setUserName(value);
        default -> throw new IllegalArgumentException("field: " + field);
      }
      return b.build();
    };
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && text.charAt(i + 1) == 'u') {
        out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
        i += 5;
      } else if (c == '\\' && text.charAt(i + 1) == 'n') {
        out.append('\n');
        i++;
      } else if (c == '\\' && text.charAt(i + 1) == 'r') {
        out.append('\r');
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
