package puente.customer;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import puente.client.BrokerChannels;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.Locales;
import puente.client.Messages;
import puente.v1.RegisterResponse;

/**
 * The customer's helper in terminal mode: registers, shows the code, asks for consent and serves
 * the tunnel to the service the customer names.
 */
@Command(
    name = "puente-customer",
    description = "Ayuda remota: muestra un código para el agente y comparte un servicio TCP.",
    exitCodeListHeading = "%nCódigos de salida / exit codes:%n",
    exitCodeList = {
      "0:sesión terminada normalmente / session ended normally",
      "1:error inesperado / unexpected error",
      "2:uso incorrecto / usage error",
      "3:rechazado (licencia, versión, horario, consentimiento) / refused",
      "4:servidor de soporte inalcanzable / broker unreachable",
      "5:sesión terminada de forma anormal / session ended abnormally"
    })
public final class CustomerApp implements Callable<Integer> {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Muestra esta ayuda / shows this help.")
  private boolean help;

  @Option(names = "--broker", required = true, description = "Servidor de soporte, host:puerto.")
  private Endpoint broker;

  @Option(names = "--licence", required = true, description = "Clave de licencia.")
  private String licence;

  @Option(names = "--product", required = true, description = "Producto, p. ej. contabilidad.")
  private String product;

  @Option(names = "--version", required = true, description = "Versión instalada, p. ej. 2026.3.")
  private String installedVersion;

  @Option(names = "--service", required = true, description = "Servicio a compartir, host:puerto.")
  private Endpoint service;

  @Option(names = "--locale", description = "es-MX (predeterminado) o en.")
  private String locale;

  @Option(names = "--tls-ca", description = "Certificado(s) de confianza (PEM) para TLS.")
  private Path tlsCa;

  @Option(names = "--plaintext", description = "Sin TLS aunque el servidor no sea local.")
  private boolean plaintext;

  @Option(
      names = "--accept-all",
      description = "Acepta todo sin preguntar (solo para pruebas desatendidas).")
  private boolean acceptAll;

  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;

  CustomerApp(InputStream stdin, PrintStream stdout, PrintStream stderr) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Runs the helper and exits with one of the documented codes.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(System.in, System.out, System.err, args));
  }

  static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
    return new CommandLine(new CustomerApp(in, out, err))
        .registerConverter(Endpoint.class, Endpoint::parse)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Override
  public Integer call() throws Exception {
    Locale chosen = Locales.resolve(locale);
    Messages messages = Messages.load("puente.customer.messages", chosen);
    TerminalHelper terminal =
        new TerminalHelper(messages, broker, service, stdout, stderr, acceptAll);
    if (acceptAll) {
      terminal.warnAcceptAll();
    }
    ManagedChannel channel =
        BrokerChannels.open(broker, BrokerChannels.credentials(broker, tlsCa, plaintext), chosen);
    try {
      HelperSession session =
          new HelperSession(
              channel,
              new HelperSession.Settings(
                  licence, product, installedVersion, service, chosen, LocalMachine.identity()),
              terminal);
      RegisterResponse registration;
      try {
        registration = session.register();
      } catch (StatusRuntimeException e) {
        terminal.registrationFailed(e);
        return ExitCode.of(e).code();
      }
      terminal.showCode(registration);
      terminal.listen(session, new BufferedReader(new InputStreamReader(stdin)));
      Thread endOnInterrupt = new Thread(() -> endQuietly(session), "puente-shutdown");
      Runtime.getRuntime().addShutdownHook(endOnInterrupt);
      try {
        session.connect(registration.getHelperToken());
        return session.awaitOutcome().code();
      } finally {
        removeHook(endOnInterrupt);
      }
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /** Ctrl-C: ends the session so the agent and the ticket learn why, then lets the JVM exit. */
  private static void endQuietly(HelperSession session) {
    if (session.isOver()) {
      return;
    }
    session.end();
    try {
      session.awaitOutcome();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook is running or has run.
    }
  }
}
