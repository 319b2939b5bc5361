package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2 through the real programs: the broker is killed with SIGKILL during a live tunnel and
 * started again on the same database. Both apps are told and exit with code 5; the new broker
 * leaves no session live and the ticket ends with the reason the start-up sweep gives.
 */
class BrokerKilledTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final byte[] HOLA = "hola\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void killedBrokerEndsBothAppsAndTheRestartLeavesNoSessionLive() throws Exception {
    try (Rig rig = Rig.start(dir, Program.alwaysOpenPolicy());
        ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      rig.addLicence("LIC-0001", "Contadores Rivera SC");
      rig.addStaff("ana", "Ana López", "agent");
      rig.login("ana");
      Thread service = new Thread(() -> echoOnce(echo), "echo");
      service.setDaemon(true);
      service.start();

      Cast.Opened opened = Cast.open(rig, "127.0.0.1:" + echo.getLocalPort());
      Program helper = opened.helper();
      Program agent = opened.ana();
      TicketLog log = new TicketLog(rig);
      try (Socket client = new Socket("127.0.0.1", opened.anaPort())) {
        client.getOutputStream().write(HOLA);
        assertThat(client.getInputStream().readNBytes(HOLA.length)).isEqualTo(HOLA);
        // The broker saves a live session's byte counts every few seconds; kill it only once they
        // are saved, so that what it relayed must survive the kill.
        TicketLog.Session saved =
            await()
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .until(
                    () -> log.onlySessionOf("LIC-0001"),
                    s -> s.bytesToAgent() > 0 || s.bytesToCustomer() > 0);
        assertThat(saved.state()).isEqualTo("ACTIVE");
        assertThat(saved.bytesToAgent()).isEqualTo(HOLA.length);
        assertThat(saved.bytesToCustomer()).isEqualTo(HOLA.length);

        rig.broker().kill();

        assertThat(helper.awaitExit(TIMEOUT)).isEqualTo(5);
        assertThat(helper.output()).contains("Se perdió la conexión con el servidor de soporte.");
        assertThat(agent.awaitExit(TIMEOUT)).isEqualTo(5);
        assertThat(agent.output()).contains("Se perdió la conexión con el servidor.");
      }

      rig.restartBroker();
      rig.broker().awaitLine("ended 1 session\\(s\\) left live by a previous run", TIMEOUT);
      assertThat(log.liveSessions()).isZero();
      TicketLog.Session session = log.onlySessionOf("LIC-0001");
      assertThat(session.state()).isEqualTo("ENDED");
      assertThat(session.endReason()).isEqualTo("BROKER_STOPPED");
      assertThat(session.bytesToAgent()).isEqualTo(HOLA.length);
      assertThat(session.bytesToCustomer()).isEqualTo(HOLA.length);
      List<TicketLog.Event> timeline = log.timeline(session.ticketId());
      assertThat(timeline)
          .extracting(TicketLog.Event::kind)
          .containsExactly(
              "TICKET_OPENED",
              "CONSENT_REQUESTED",
              "CONSENT_GIVEN",
              "SESSION_STARTED",
              "PARTICIPANT_JOINED",
              "SESSION_ENDED");
      assertThat(timeline.get(timeline.size() - 1).toString())
          .isEqualTo(
              "SESSION_ENDED by broker: BROKER_STOPPED found_live_at_start"
                  + " bytes_to_agent=5 bytes_to_customer=5");
    }
  }

  private static void echoOnce(ServerSocket echo) {
    try (Socket socket = echo.accept();
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (Exception e) {
      // the tunnel went away with the broker
    }
  }
}
