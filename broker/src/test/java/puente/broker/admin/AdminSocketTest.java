package puente.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin socket's own rules, with a command that only echoes. */
class AdminSocketTest {
  static final String DATABASE = "jdbc:h2:file:/tmp/no-such/puente";

  @TempDir Path dir;

  static final AdminSocket.Commands ECHO =
      (request, operator, out, err) -> {
        out.println("hola " + operator + ": " + String.join(" ", request.args()));
        return 0;
      };

  @Test
  void aPeerThatSendsNothingIsClosedAndDoesNotHoldTheCommandsBack() {
    // Without the broker's request timeout this would wait for ever: fail instead.
    assertTimeoutPreemptively(Duration.ofSeconds(30), this::twoSilentPeersThenACommand);
  }

  void twoSilentPeersThenACommand() throws Exception {
    Path file = dir.resolve("puente.sock");
    try (AdminSocket socket = AdminSocket.open(file, DATABASE, ECHO, Duration.ofSeconds(1))) {
      // Both workers taken by peers that connect and never send their command.
      try (SocketChannel silent1 = connect(file);
          SocketChannel silent2 = connect(file)) {
        StringWriter out = new StringWriter();
        OptionalInt code =
            AdminClient.forward(
                file,
                new AdminRequest(List.of("licence", "show"), dir, DATABASE, null),
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));

        assertThat(code).hasValue(0);
        assertThat(out.toString())
            .startsWith("hola " + System.getProperty("user.name") + ": licence show");
        // The broker hung up on them: their next read is the end of the stream.
        assertThat(silent1.read(ByteBuffer.allocate(16))).isEqualTo(-1);
        assertThat(silent2.read(ByteBuffer.allocate(16))).isEqualTo(-1);
      }
    }
  }

  @Test
  void aCommandForAnotherDatabaseIsRefused() throws Exception {
    Path file = dir.resolve("puente.sock");
    try (AdminSocket socket = AdminSocket.open(file, DATABASE, ECHO)) {
      StringWriter err = new StringWriter();
      OptionalInt code =
          AdminClient.forward(
              file,
              new AdminRequest(List.of("agent", "list"), dir, "jdbc:h2:file:/otra/base", null),
              new PrintWriter(new StringWriter(), true),
              new PrintWriter(err, true));

      assertThat(code).hasValue(AdminSocket.REFUSED);
      assertThat(err.toString()).contains("uses another database");
    }
  }

  static SocketChannel connect(Path file) throws Exception {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(file));
    return channel;
  }
}
