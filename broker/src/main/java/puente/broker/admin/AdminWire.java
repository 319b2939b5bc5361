package puente.broker.admin;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin socket's framing. The command's process sends one request (a version, the folder, the
 * database URL, the arguments, the password or none); the broker answers with frames of standard
 * output and standard error as the command prints them, then one exit-code frame.
 */
final class AdminWire {
  static final int VERSION = 1;
  static final byte OUT = 1;
  static final byte ERR = 2;
  static final byte EXIT = 3;
  // A command line is a few hundred bytes; this bounds what a peer can make the broker allocate.
  private static final int MAX_ARGS = 256;
  private static final int MAX_PASSWORD = 1024;
  private static final int MAX_FRAME = 1 << 20;

  private AdminWire() {}

  static void writeRequest(DataOutputStream out, AdminRequest request) throws IOException {
    out.writeInt(VERSION);
    out.writeUTF(request.cwd().toString());
    out.writeUTF(request.databaseUrl());
    out.writeInt(request.args().size());
    for (String arg : request.args()) {
      out.writeUTF(arg);
    }
    char[] password = request.password();
    out.writeInt(password == null ? -1 : password.length);
    if (password != null) {
      for (char c : password) {
        out.writeChar(c);
      }
    }
    out.flush();
  }

  static AdminRequest readRequest(DataInputStream in) throws IOException {
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("admin request version " + version + " (expected: " + VERSION + ")");
    }
    Path cwd = Path.of(in.readUTF());
    String url = in.readUTF();
    int count = in.readInt();
    if (count < 0 || count > MAX_ARGS) {
      throw new IOException("arguments: " + count + " (expected: 0 to " + MAX_ARGS + ")");
    }
    List<String> args = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      args.add(in.readUTF());
    }
    int length = in.readInt();
    if (length > MAX_PASSWORD) {
      throw new IOException("password: " + length + " chars (expected: at most " + MAX_PASSWORD);
    }
    char[] password = length < 0 ? null : new char[length];
    for (int i = 0; i < length; i++) {
      password[i] = in.readChar();
    }
    return new AdminRequest(List.copyOf(args), cwd, url, password);
  }

  /** A writer whose every flush becomes one frame of the given kind. */
  static PrintWriter writer(DataOutputStream socket, byte kind) {
    OutputStream frames =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
              return;
            }
            synchronized (socket) {
              socket.writeByte(kind);
              socket.writeInt(len);
              socket.write(b, off, len);
              socket.flush();
            }
          }
        };
    return new PrintWriter(new OutputStreamWriter(frames, StandardCharsets.UTF_8), true);
  }

  static void writeExit(DataOutputStream socket, int code) throws IOException {
    synchronized (socket) {
      socket.writeByte(EXIT);
      socket.writeInt(code);
      socket.flush();
    }
  }

  /**
   * Copies frames to the writers until the exit frame.
   *
   * @return the command's exit code
   */
  static int copyFrames(DataInputStream in, PrintWriter out, PrintWriter err) throws IOException {
    while (true) {
      byte kind = in.readByte();
      if (kind == EXIT) {
        return in.readInt();
      }
      int length = in.readInt();
      if (length < 0 || length > MAX_FRAME || (kind != OUT && kind != ERR)) {
        throw new IOException("bad frame from the broker: kind " + kind + ", " + length + " bytes");
      }
      byte[] bytes = in.readNBytes(length);
      PrintWriter to = kind == OUT ? out : err;
      to.print(new String(bytes, StandardCharsets.UTF_8));
      to.flush();
    }
  }
}
