package puente.e2e.screen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import puente.e2e.Program;
import puente.e2e.Rig;

/**
 * A customer's desktop and an agent's desktop, each a virtual X display, with a broker between
 * them: the customer's display shows {@link PatternApp}, and helpers and viewers are started as
 * real processes on the right display.
 */
public final class Scene implements AutoCloseable {
  public static final String CUSTOMER_NAME = "Contadores Rivera SC";

  public final XDisplay customer;
  final XDisplay agent;
  public final Rig rig;
  final Path typed;
  private final List<Program> programs = new ArrayList<>();
  private int[] field;
  private int[] button;
  private int[] marker;

  private Scene(XDisplay customer, XDisplay agent, Rig rig, Path typed) {
    this.customer = customer;
    this.agent = agent;
    this.rig = rig;
    this.typed = typed;
  }

  /**
   * A 1280×800 customer display, a 1920×1080 agent display, a broker with Ana logged in.
   *
   * @param brokerSettings more {@code key=value} settings for the broker
   */
  public static Scene start(Path dir, String... brokerSettings) throws Exception {
    XDisplay customer = XDisplay.start(1280, 800);
    XDisplay agent = null;
    Rig rig = null;
    try {
      agent = XDisplay.start(1920, 1080);
      rig = Rig.start(dir, Program.alwaysOpenPolicy(), brokerSettings);
      rig.addLicence("LIC-0001", CUSTOMER_NAME);
      rig.addStaff("ana", "Ana López", "agent");
      rig.login("ana");
      return new Scene(customer, agent, rig, dir.resolve("typed.txt"));
    } catch (Exception | Error e) {
      if (rig != null) {
        rig.close();
      }
      if (agent != null) {
        agent.close();
      }
      customer.close();
      throw e;
    }
  }

  /** Shows the test pattern on the customer's display. */
  public void showPattern() throws Exception {
    Program pattern =
        track(
            Program.startTestClass(
                "puente.e2e.screen.PatternApp", customer.env(), typed.toString()));
    Matcher ready =
        pattern.awaitLine(
            "ready field=(\\d+),(\\d+) button=(\\d+),(\\d+) marker=(\\d+),(\\d+)",
            Duration.ofSeconds(30));
    field = new int[] {Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2))};
    button = new int[] {Integer.parseInt(ready.group(3)), Integer.parseInt(ready.group(4))};
    marker = new int[] {Integer.parseInt(ready.group(5)), Integer.parseInt(ready.group(6))};
  }

  /** Starts the helper on the customer's display, in terminal mode; returns it with its code. */
  public Program helper(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--broker",
                "127.0.0.1:" + rig.grpcPort(),
                "--locale",
                "es-MX",
                "--ui",
                "terminal",
                "--licence",
                "LIC-0001",
                "--product",
                "contabilidad",
                "--version",
                "2026.2"));
    args.addAll(List.of(extra));
    return track(Program.start(Program.HELPER, customer.env(), args.toArray(String[]::new)));
  }

  /** Starts an agent app command as Ana on the agent's display. */
  Program agentApp(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--locale", "es-MX"));
    all.addAll(List.of(args));
    return track(
        Program.start(Program.AGENT, agent.env(rig.agentEnv("ana")), all.toArray(String[]::new)));
  }

  /**
   * Opens a viewer on the helper's code and accepts on the helper's side.
   *
   * @return the agent app, with the viewer open
   */
  public Program viewWithConsent(Program helper, String... viewOptions) throws Exception {
    String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", Duration.ofSeconds(60)).group(1);
    List<String> args = new ArrayList<>(List.of("view", code));
    args.addAll(List.of(viewOptions));
    Program viewer = agentApp(args.toArray(String[]::new));
    helper.awaitLine("¿Lo permite\\?", Duration.ofSeconds(60));
    helper.type("s");
    viewer.awaitLine("Visor abierto", Duration.ofSeconds(60));
    return viewer;
  }

  int[] field() {
    return field;
  }

  int[] button() {
    return button;
  }

  int[] marker() {
    return marker;
  }

  private Program track(Program program) {
    programs.add(program);
    return program;
  }

  @Override
  public void close() throws Exception {
    for (Program program : programs) {
      program.close();
    }
    rig.close();
    agent.close();
    customer.close();
  }
}
