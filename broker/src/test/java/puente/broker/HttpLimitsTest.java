package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP listener's limits, against raw HTTP/1.1 on real sockets. */
class HttpLimitsTest {
  private BrokerFixture fixture;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    fixture.close();
  }

  @Test
  void headersOverTheLimitAreAnswered431() throws Exception {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN, "limits.http.maxHeaderBytes=2048");
    assertThat(statusLine(request("GET /health/live", "X-Pad: " + "p".repeat(100))))
        .contains(" 200 ");
    assertThat(statusLine(request("GET /health/live", "X-Pad: " + "p".repeat(4_000))))
        .contains(" 431 ");
  }

  @Test
  void aBodyOverTheLimitIsAnswered413FromItsLength() throws Exception {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN, "limits.http.maxBodyBytes=1024");
    // Only the declared length is sent: the answer comes before the body would be read.
    assertThat(statusLine(request("POST /api/v1/tickets", "Content-Length: 1000000")))
        .contains(" 413 ");
  }

  @Test
  void aConnectionOverTheCapPerAddressIsClosed() throws Exception {
    fixture =
        BrokerFixture.start(SessionFlowTest.OFFICE_OPEN, "limits.http.connectionsPerAddress=2");
    Socket first = socket();
    Socket second = socket();
    assertThat(statusLine(exchange(first, "GET /health/live"))).contains(" 200 ");
    assertThat(statusLine(exchange(second, "GET /health/live"))).contains(" 200 ");
    assertThat(statusLine(exchange(socket(), "GET /health/live"))).isEmpty();

    first.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> statusLine(exchange(socket(), "GET /health/live")).contains(" 200 "));
  }

  private String request(String requestLine, String header) throws IOException {
    Socket socket = socket();
    OutputStream out = socket.getOutputStream();
    out.write(
        (requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + header + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readHead(socket);
  }

  private static String exchange(Socket socket, String requestLine) throws IOException {
    try {
      socket
          .getOutputStream()
          .write(
              (requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return readHead(socket);
    } catch (SocketException closed) {
      return "";
    }
  }

  /** The response head, or what came before the server closed (empty when nothing). */
  private static String readHead(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        head.append((char) b);
        if (head.toString().endsWith("\r\n\r\n")) {
          break;
        }
      }
    } catch (SocketException reset) {
      // closed by the server
    }
    return head.toString();
  }

  private static String statusLine(String head) {
    int end = head.indexOf("\r\n");
    return end < 0 ? head : head.substring(0, end);
  }

  private Socket socket() throws IOException {
    Socket socket = new Socket("127.0.0.1", fixture.broker().httpPort());
    sockets.add(socket);
    return socket;
  }
}
