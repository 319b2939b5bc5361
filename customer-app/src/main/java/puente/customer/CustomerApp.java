package puente.customer;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.swing.JOptionPane;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import puente.client.BrokerChannels;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.LaneDialer;
import puente.client.Locales;
import puente.client.Messages;
import puente.client.RefusalStatus;
import puente.client.TerminalStreams;
import puente.client.UsageErrors;
import puente.customer.desktop.Desktop;
import puente.customer.desktop.RobotDesktop;
import puente.customer.settings.HelperSettings;
import puente.customer.settings.Registry;
import puente.customer.settings.SettingsException;
import puente.customer.settings.SettingsFiles;
import puente.customer.settings.SettingsLayer;
import puente.customer.settings.WindowsRegistry;
import puente.text.Secrets;
import puente.v1.RefusalReason;
import puente.v1.RegisterResponse;

/**
 * The customer's helper: registers, shows the code, asks for consent, and then shares what the
 * customer granted: the screen of one monitor (view or control) or a TCP service (tunnel).
 *
 * <p>Two faces over the same {@link HelperSession}: a window ({@code --ui window}) and the terminal
 * ({@code --ui terminal}, for servers and tests). Without {@code --ui}, the window opens when there
 * is a display and the helper was not started from a terminal (a desktop shortcut); otherwise it
 * stays in the terminal.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "puente-customer",
    description = "Ayuda remota: muestra un código para el agente y comparte un servicio TCP.",
    footer = {
      "%nSin opciones, los ajustes se leen de /etc/puente/helper.properties y luego de"
          + " ~/.config/puente/helper.properties (Windows: %%ProgramData%%\\Puente y"
          + " %%APPDATA%%\\Puente); las opciones mandan sobre ellos. / Without options, settings"
          + " come from those files; options override them."
    },
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

  // The four settings below and --tls-ca, --plaintext, --locale may instead come from the settings
  // files (puente.customer.settings.SettingsFiles); a flag overrides them.
  @Option(names = "--broker", description = "Servidor de soporte, host:puerto.")
  private String brokerFlag;

  @Option(names = "--licence", description = "Clave de licencia.")
  private String licenceFlag;

  @Option(names = "--product", description = "Producto, p. ej. contabilidad.")
  private String productFlag;

  @Option(names = "--version", description = "Versión instalada, p. ej. 2026.3.")
  private String versionFlag;

  @Option(names = "--service", description = "Servicio TCP a compartir por túnel, host:puerto.")
  private String serviceFlag;

  @Option(
      names = "--monitor",
      defaultValue = "0",
      description = "Monitor a compartir: 0 (predeterminado) es el primero.")
  private int monitor;

  @Option(
      names = "--max-fps",
      defaultValue = "15",
      description = "Imágenes por segundo como máximo (1-60; baja sola si la red no da abasto).")
  private int maxFps;

  @Option(
      names = "--no-screen",
      description = "No compartir la pantalla aunque haya una (solo túnel).")
  private boolean noScreen;

  @Option(names = "--ui", description = "window (ventana) o terminal.")
  private Ui ui;

  /** How the helper shows itself. */
  enum Ui {
    WINDOW,
    TERMINAL
  }

  @Option(names = "--locale", description = "es-MX (predeterminado) o en.")
  private String locale;

  @Option(names = "--tls-ca", description = "Certificado(s) de confianza (PEM) para TLS.")
  private String tlsCaFlag;

  @Option(names = "--plaintext", description = "Sin TLS aunque el servidor no sea local.")
  private boolean plaintext;

  @Option(
      names = "--accept-all",
      description = "Acepta todo sin preguntar (solo para pruebas desatendidas).")
  private boolean acceptAll;

  private final List<Path> settingsFiles;
  private final InputStream stdin;
  private final PrintStream stdout;
  private final PrintStream stderr;
  private Endpoint broker;
  private Endpoint service;
  // P11: what the helper never shows in its own chat, from the vendor's settings.
  private Secrets secrets = Secrets.passwordForms();

  CustomerApp(List<Path> settingsFiles, InputStream stdin, PrintStream stdout, PrintStream stderr) {
    this.settingsFiles = settingsFiles;
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
    System.exit(run(System.in, TerminalStreams.out(), TerminalStreams.err(), args));
  }

  static int run(InputStream in, PrintStream out, PrintStream err, String... args) {
    return run(SettingsFiles.locations(), in, out, err, args);
  }

  /** Runs the helper with its settings files somewhere else (tests). */
  static int run(
      List<Path> settingsFiles, InputStream in, PrintStream out, PrintStream err, String... args) {
    return new CommandLine(new CustomerApp(settingsFiles, in, out, err))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .registerConverter(Endpoint.class, Endpoint::parse)
        .setOut(TerminalStreams.writer(out))
        .setErr(TerminalStreams.writer(err))
        .setParameterExceptionHandler(new UsageErrors(Locales.requestedBy(args)))
        .execute(args);
  }

  @Override
  public Integer call() throws Exception {
    Locale chosen = Locales.resolve(locale);
    HelperSettings settingsRead;
    try {
      List<SettingsLayer> layers = new ArrayList<>(SettingsFiles.read(settingsFiles));
      layers.add(flags());
      chosen = Locales.resolve(HelperSettings.requestedLocale(layers));
      settingsRead = HelperSettings.resolve(layers, settingsFiles, registry());
    } catch (SettingsException e) {
      return settingsProblem(e, chosen);
    }
    broker = settingsRead.broker();
    service = settingsRead.service();
    secrets = Secrets.passwordForms().withDigests(settingsRead.hiddenDigests());
    Messages messages = Messages.load("puente.customer.messages", chosen);
    if (maxFps < 1 || maxFps > 60) {
      stderr.println("--max-fps: " + maxFps + " (expected: 1-60)");
      return ExitCode.USAGE.code();
    }
    Desktop desktop = null;
    if (!noScreen && !GraphicsEnvironment.isHeadless()) {
      int monitors = RobotDesktop.monitors();
      if (monitor < 0 || monitor >= monitors) {
        stderr.println(messages.text("monitor.missing", monitor, monitors));
        return ExitCode.USAGE.code();
      }
      try {
        desktop = RobotDesktop.open(monitor);
      } catch (IllegalStateException e) {
        // e.g. the system does not let this program read the screen: share the service only.
        stderr.println(messages.text("screen.failed", e.getMessage()));
      }
    }
    if (desktop == null && service == null) {
      stderr.println(messages.text("screen.none"));
      return ExitCode.USAGE.code();
    }
    Ui chosenUi =
        ui != null
            ? ui
            : !GraphicsEnvironment.isHeadless() && System.console() == null
                ? Ui.WINDOW
                : Ui.TERMINAL;
    if (chosenUi == Ui.WINDOW && GraphicsEnvironment.isHeadless()) {
      stderr.println("--ui window: no display (DISPLAY is not set or the JVM is headless)");
      return ExitCode.USAGE.code();
    }
    HelperSession.Settings settings =
        new HelperSession.Settings(
            settingsRead.licence(),
            settingsRead.product(),
            settingsRead.installedVersion(),
            service,
            chosen,
            LocalMachine.identity(),
            desktop,
            maxFps);
    Path tlsCa = settingsRead.tlsCa();
    boolean noTls = settingsRead.plaintext();
    LaneDialer lanes = LaneDialer.forBroker(broker, tlsCa, noTls);
    ManagedChannel channel =
        BrokerChannels.open(broker, BrokerChannels.credentials(broker, tlsCa, noTls), chosen);
    try {
      return chosenUi == Ui.WINDOW
          ? inWindow(channel, lanes, settings, messages)
          : inTerminal(channel, lanes, settings, messages, desktop);
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /** The command-line layer: only the flags given, so the files' values stay where none is. */
  private SettingsLayer flags() {
    Map<String, String> given = new LinkedHashMap<>();
    putIfGiven(given, "broker", brokerFlag);
    putIfGiven(given, "licence", licenceFlag);
    putIfGiven(given, "product", productFlag);
    putIfGiven(given, "version", versionFlag);
    putIfGiven(given, "service", serviceFlag);
    putIfGiven(given, "tls.ca", tlsCaFlag);
    putIfGiven(given, "plaintext", plaintext ? "true" : null);
    putIfGiven(given, "locale", locale);
    return new SettingsLayer(SettingsLayer.COMMAND_LINE, given);
  }

  private static void putIfGiven(Map<String, String> given, String key, String flag) {
    if (flag != null) {
      given.put(key, flag);
    }
  }

  private static Registry registry() {
    return System.getProperty("os.name", "").startsWith("Windows")
        ? WindowsRegistry.system()
        : null;
  }

  /**
   * Tells what to fix, in the customer's language: on the terminal, and in a message box when the
   * helper was started from a desktop shortcut (no terminal to read).
   */
  private int settingsProblem(SettingsException problem, Locale chosen) {
    Messages text = Messages.load("puente.customer.settings", chosen);
    String message = text.text(problem.messageKey(), problem.arguments());
    stderr.println(message);
    if (ui != Ui.TERMINAL && !GraphicsEnvironment.isHeadless() && System.console() == null) {
      // Its own button text: Swing would label it in the JVM's locale (English on C.UTF-8).
      Object[] ok = {text.text("ok")};
      JOptionPane.showOptionDialog(
          null,
          message,
          text.text("title"),
          JOptionPane.DEFAULT_OPTION,
          JOptionPane.ERROR_MESSAGE,
          null,
          ok,
          ok[0]);
    }
    return ExitCode.USAGE.code();
  }

  private int inTerminal(
      ManagedChannel channel,
      LaneDialer lanes,
      HelperSession.Settings settings,
      Messages messages,
      Desktop desktop)
      throws InterruptedException {
    TerminalHelper terminal =
        new TerminalHelper(
            messages,
            broker,
            service,
            desktop == null ? null : desktop.describe(),
            stdout,
            stderr,
            acceptAll,
            secrets);
    if (acceptAll) {
      terminal.warnAcceptAll();
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(stdin));
    boolean renewing = false;
    while (true) {
      HelperSession session = new HelperSession(channel, lanes, settings, terminal);
      RegisterResponse registration;
      try {
        registration = session.register();
      } catch (StatusRuntimeException e) {
        terminal.registrationFailed(e);
        if (renewing && mayRetry(e) && terminal.offerNewCode()) {
          continue;
        }
        return ExitCode.of(e).code();
      }
      terminal.showCode(registration);
      if (renewing) {
        terminal.attach(session);
      } else {
        terminal.listen(session, in);
      }
      int code = connectAndAwait(session, registration);
      if (!session.codeExpired() || !terminal.offerNewCode()) {
        return code;
      }
      renewing = true;
    }
  }

  /**
   * A new code refused because this address asked for too many: the refusal says when to try again,
   * and the helper keeps offering.
   */
  private static boolean mayRetry(StatusRuntimeException refused) {
    return RefusalStatus.fromThrowable(refused)
        .map(r -> r.getReason() == RefusalReason.TOO_MANY_ATTEMPTS)
        .orElse(false);
  }

  private int inWindow(
      ManagedChannel channel, LaneDialer lanes, HelperSession.Settings settings, Messages messages)
      throws Exception {
    WindowHelper window = new WindowHelper(messages, broker, secrets);
    HelperSession session = new HelperSession(channel, lanes, settings, window);
    window.attach(session);
    window.open();
    boolean renewing = false;
    while (true) {
      RegisterResponse registration;
      try {
        registration = session.register();
      } catch (StatusRuntimeException e) {
        window.registrationFailed(e);
        if (renewing && mayRetry(e) && window.offerNewCode()) {
          session = new HelperSession(channel, lanes, settings, window);
          window.renew(session);
          continue;
        }
        window.awaitClosed();
        return ExitCode.of(e).code();
      }
      window.showCode(registration);
      int code = connectAndAwait(session, registration);
      window.finished();
      if (!session.codeExpired() || !window.offerNewCode()) {
        window.awaitClosed();
        return code;
      }
      session = new HelperSession(channel, lanes, settings, window);
      window.renew(session);
      renewing = true;
    }
  }

  private static int connectAndAwait(HelperSession session, RegisterResponse registration)
      throws InterruptedException {
    Thread endOnInterrupt = new Thread(() -> endQuietly(session), "puente-shutdown");
    Runtime.getRuntime().addShutdownHook(endOnInterrupt);
    try {
      session.connect(registration.getHelperToken());
      return session.awaitOutcome().code();
    } finally {
      removeHook(endOnInterrupt);
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
