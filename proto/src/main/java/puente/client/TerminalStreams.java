package puente.client;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams the apps print to. With no locale set ({@code LANG} unset, {@code C}, {@code
 * POSIX}, or a locale that is not installed) the JVM writes ASCII and turns every ñ, á or ¿ into
 * "?"; terminals on such machines (servers, containers, an SSH session) decode UTF-8, so the apps
 * write UTF-8 there instead. Windows consoles keep the JVM's choice (their code page).
 */
public final class TerminalStreams {
  private TerminalStreams() {}

  /** Standard output, in UTF-8 where the JVM would write ASCII. */
  public static PrintStream out() {
    return choose(System.out, FileDescriptor.out);
  }

  /** Standard error, in UTF-8 where the JVM would write ASCII. */
  public static PrintStream err() {
    return choose(System.err, FileDescriptor.err);
  }

  /**
   * A writer over one of these streams that encodes as the stream does (a plain {@code
   * PrintWriter(OutputStream)} would encode in the JVM's charset, ASCII on such machines).
   */
  public static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, charset()), true);
  }

  /** The charset the apps write to the terminal in. */
  static Charset charset() {
    String jvms = jvmEncoding();
    return writesUtf8Instead(jvms, System.getProperty("os.name"))
        ? StandardCharsets.UTF_8
        : Charset.forName(jvms);
  }

  private static PrintStream choose(PrintStream jvms, FileDescriptor descriptor) {
    if (!writesUtf8Instead(jvmEncoding(), System.getProperty("os.name"))) {
      return jvms;
    }
    return new PrintStream(new FileOutputStream(descriptor), true, StandardCharsets.UTF_8);
  }

  /** The charset the JVM gives System.out: the console's on Windows, else the locale's. */
  private static String jvmEncoding() {
    for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return Charset.defaultCharset().name();
  }

  /**
   * Whether the apps write UTF-8 instead of the JVM's charset.
   *
   * @param jvmEncoding the charset the JVM chose for standard output
   * @param osName the {@code os.name} system property
   */
  static boolean writesUtf8Instead(String jvmEncoding, String osName) {
    if (osName != null && osName.startsWith("Windows")) {
      return false;
    }
    try {
      return Charset.forName(jvmEncoding).equals(StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }
}
