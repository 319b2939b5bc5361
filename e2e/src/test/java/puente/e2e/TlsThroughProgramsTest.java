package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker with a certificate from the operator's own authority, and the helper and agent app
 * trusting that authority with {@code --tls-ca}: the session's stream and the tunnel's lanes both
 * cross TLS, and the bytes arrive unchanged.
 */
class TlsThroughProgramsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final byte[] HOLA = "hola por TLS\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void tunnelSessionRunsOverTlsWithTheAppsTrustingTheOperatorsAuthority() throws Exception {
    try (Rig rig = Rig.startWithTls(dir, Program.alwaysOpenPolicy());
        ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(rig.broker().output()).contains("data 127.0.0.1:" + rig.dataPort() + " (TLS)");
      assertThat(rig.http("/health/ready").statusCode()).isEqualTo(200);
      rig.addLicence("LIC-0001", "Contadores Rivera SC");
      rig.addStaff("ana", "Ana López", "agent");
      rig.login("ana");
      Thread service = new Thread(() -> echoOnce(echo), "echo");
      service.setDaemon(true);
      service.start();

      Cast.Opened opened = Cast.open(rig, "127.0.0.1:" + echo.getLocalPort());
      Program helper = opened.helper();
      Program agent = opened.ana();
      try (Socket client = new Socket("127.0.0.1", opened.anaPort())) {
        client.setSoTimeout((int) TIMEOUT.toMillis());
        client.getOutputStream().write(HOLA);
        assertThat(client.getInputStream().readNBytes(HOLA.length)).isEqualTo(HOLA);
      }

      agent.type("q");
      assertThat(agent.awaitExit(TIMEOUT)).isZero();
      helper.awaitLine("El agente terminó la sesión", TIMEOUT);
      assertThat(helper.awaitExit(TIMEOUT)).isZero();
      assertThat(rig.metric("puente_relay_bytes_total{direction=\"to_agent\"}"))
          .isEqualTo(HOLA.length);
      assertThat(rig.metric("puente_relay_bytes_total{direction=\"to_customer\"}"))
          .isEqualTo(HOLA.length);
    }
  }

  @Test
  void appsThatDoNotTrustTheBrokersCertificateRefuseToTalkToIt() throws Exception {
    Certificates stranger = Certificates.write(Files.createDirectories(dir.resolve("stranger")));
    try (Rig rig = Rig.startWithTls(dir, Program.alwaysOpenPolicy())) {
      rig.addLicence("LIC-0001", "Contadores Rivera SC");
      String broker = "127.0.0.1:" + rig.grpcPort();

      Program helper =
          Program.start(
              Program.HELPER,
              List.of(),
              "--broker",
              broker,
              "--locale",
              "es-MX",
              "--tls-ca",
              stranger.authority().toString(),
              "--licence",
              "LIC-0001",
              "--product",
              "contabilidad",
              "--version",
              "2026.2",
              "--service",
              "127.0.0.1:9");
      assertThat(helper.awaitExit(TIMEOUT)).isNotZero();
      assertThat(helper.output()).doesNotContainPattern("\\d{3} \\d{3} \\d{3}");
      assertThat(helper.output()).doesNotContain("Exception").doesNotContain("\tat ");

      Program login =
          Program.start(
              Program.AGENT,
              rig.agentEnv("ana"),
              "--locale",
              "es-MX",
              "login",
              "--broker",
              broker,
              "--user",
              "ana",
              "--password-stdin",
              "--tls-ca",
              stranger.authority().toString());
      login.type("no-importa");
      assertThat(login.awaitExit(TIMEOUT)).isNotZero();
      assertThat(login.output())
          .contains("no es de los que este equipo tiene como confiables")
          .doesNotContain("Exception")
          .doesNotContain("\tat ");
    }
  }

  private static void echoOnce(ServerSocket echo) {
    try (Socket socket = echo.accept();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (Exception e) {
      // the tunnel closed
    }
  }
}
