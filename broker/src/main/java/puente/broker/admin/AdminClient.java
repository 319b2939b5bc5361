package puente.broker.admin;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/** The operator's side of the admin socket: hands a command line to the running broker. */
final class AdminClient {
  private AdminClient() {}

  /** Whether a broker may be answering at this socket path (its file exists). */
  static boolean mayAnswer(Path socket) {
    return Files.exists(socket);
  }

  /** Whether a broker answers at this socket path now. */
  static boolean answers(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException nobody) {
      return false;
    }
  }

  /**
   * Runs the command in the broker, copying what it prints to the given writers.
   *
   * @return the command's exit code, or empty when no broker answers (a file left by a killed
   *     broker): the caller then opens the database itself
   * @throws IOException if the broker answered but the command's connection failed
   */
  static OptionalInt forward(Path socket, AdminRequest request, PrintWriter out, PrintWriter err)
      throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      try {
        channel.connect(UnixDomainSocketAddress.of(socket));
      } catch (ConnectException stale) {
        return OptionalInt.empty();
      }
      try {
        AdminWire.writeRequest(
            new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel))),
            request);
      } catch (IOException refusedBeforeReading) {
        // The broker may answer a refusal and close before reading; its answer is still there.
      }
      try {
        return OptionalInt.of(
            AdminWire.copyFrames(
                new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel))),
                out,
                err));
      } catch (EOFException e) {
        throw new IOException(
            "the broker closed the connection before the command finished; see its log", e);
      }
    }
  }
}
