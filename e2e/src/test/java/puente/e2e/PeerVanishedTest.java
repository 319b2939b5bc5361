package puente.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 2 through the real programs: one side of a live tunnel is killed with SIGKILL. The other
 * side is told and exits with code 5; the ticket shows who vanished and the bytes that had passed.
 */
@ExtendWith(SharedRig.class)
class PeerVanishedTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final byte[] HOLA = "hola\n".getBytes(StandardCharsets.UTF_8);

  private final Rig rig;
  private final TicketLog log;
  private ServerSocket echo;

  PeerVanishedTest(Rig rig) {
    this.rig = rig;
    this.log = new TicketLog(rig);
  }

  @BeforeEach
  void startEchoService() throws Exception {
    echo = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(this::echo, "echo");
    thread.setDaemon(true);
    thread.start();
  }

  @AfterEach
  void stopEchoService() throws Exception {
    echo.close();
  }

  @Test
  void killedHelperEndsTheAgentsSessionAsCustomerVanished() throws Exception {
    Program helper = helper("LIC-AYUDANTE-CAIDO");
    Program agent = openAndAccept(helper);
    Matcher ready = agent.awaitLine("Túnel listo: ([\\d.]+):(\\d+)", TIMEOUT);
    try (Socket client = new Socket(ready.group(1), Integer.parseInt(ready.group(2)))) {
      assertEchoes(client);
      helper.kill();

      assertThat(agent.awaitExit(TIMEOUT)).isEqualTo(5);
      assertThat(agent.output())
          .contains(
              "La sesión terminó: Se perdió la conexión con el equipo del cliente."
                  + " (CUSTOMER_VANISHED)");
    }
    TicketLog.Session session = log.onlySessionOf("LIC-AYUDANTE-CAIDO");
    assertThat(session.state()).isEqualTo("ENDED");
    assertThat(session.endReason()).isEqualTo("CUSTOMER_VANISHED");
    assertThat(session.bytesToCustomer()).isEqualTo(HOLA.length);
    assertThat(session.bytesToAgent()).isEqualTo(HOLA.length);
    assertThat(log.timeline(session.ticketId()))
        .last()
        .hasToString(
            "SESSION_ENDED by customer: CUSTOMER_VANISHED bytes_to_agent=5 bytes_to_customer=5");
  }

  @Test
  void killedAgentAppSendsTheSessionBackToTheQueueThenEndsItAsAgentVanished() throws Exception {
    Program helper = helper("LIC-AGENTE-CAIDO");
    Program agent = openAndAccept(helper);
    Matcher ready = agent.awaitLine("Túnel listo: ([\\d.]+):(\\d+)", TIMEOUT);
    try (Socket client = new Socket(ready.group(1), Integer.parseInt(ready.group(2)))) {
      assertEchoes(client);
    }
    agent.kill();

    helper.awaitLine("Su agente se desconectó", TIMEOUT);
    helper.awaitLine("Se perdió la conexión con el agente y la sesión terminó.", TIMEOUT);
    assertThat(helper.awaitExit(TIMEOUT)).isEqualTo(5);
    TicketLog.Session session = log.onlySessionOf("LIC-AGENTE-CAIDO");
    assertThat(session.endReason()).isEqualTo("AGENT_VANISHED");
    assertThat(log.timeline(session.ticketId()))
        .extracting(TicketLog.Event::toString)
        .endsWith(
            "PARTICIPANT_LEFT by ana: vanished",
            "RETURNED_TO_QUEUE by broker: waits up to PT2S",
            "SESSION_ENDED by broker: AGENT_VANISHED bytes_to_agent=5 bytes_to_customer=5");
  }

  private Program helper(String licence) throws Exception {
    return rig.helper(
        "--licence",
        licence,
        "--product",
        "contabilidad",
        "--version",
        "2026.2",
        "--service",
        "127.0.0.1:" + echo.getLocalPort());
  }

  private Program openAndAccept(Program helper) throws Exception {
    String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", TIMEOUT).group(1);
    Program agent = rig.agent(SharedRig.AGENT, "open", code, "--forward", "127.0.0.1:0");
    helper.awaitLine("¿Lo permite\\?", TIMEOUT);
    helper.type("s");
    return agent;
  }

  private static void assertEchoes(Socket client) throws Exception {
    client.getOutputStream().write(HOLA);
    byte[] back = client.getInputStream().readNBytes(HOLA.length);
    assertThat(back).isEqualTo(HOLA);
  }

  private void echo() {
    while (!echo.isClosed()) {
      try {
        Socket socket = echo.accept();
        Thread thread = new Thread(() -> copy(socket), "echo-connection");
        thread.setDaemon(true);
        thread.start();
      } catch (Exception closed) {
        return;
      }
    }
  }

  private static void copy(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      in.transferTo(out);
    } catch (Exception e) {
      // the tunnel went away with its peer
    }
  }
}
