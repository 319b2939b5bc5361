package puente.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import puente.client.Endpoint;
import puente.client.testing.EchoService;

/**
 * Issue 5's cast on one broker: the customer's helper sharing an echo service, Ana (first-line
 * agent) who opens the session, Sofía, Rafael and Beto (specialists) and a supervisor, each with
 * their own agent app and login. The console's browser tests sign the same staff in to the console.
 */
public final class Cast {
  public static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * A session Ana opened and the customer accepted.
   *
   * @param helper the customer's helper
   * @param ana Ana's {@code open}, still attached
   * @param sessionId the session
   * @param ticketId its ticket
   * @param anaPort the port Ana's tunnel listens on
   */
  public record Opened(Program helper, Program ana, String sessionId, long ticketId, int anaPort) {}

  /** One row of the ticket timeline. */
  public record Event(String kind, String actor, String detail) {}

  public final Rig rig;
  private final EchoService echo;

  private Cast(Rig rig, EchoService echo) {
    this.rig = rig;
    this.echo = echo;
  }

  /** The staff a test may cast: user name, display name, role. */
  private static final Map<String, List<String>> STAFF =
      Map.of(
          "ana", List.of("Ana López", "agent"),
          "sofia", List.of("Sofía Méndez", "specialist"),
          "rafa", List.of("Rafael Cruz", "specialist"),
          "beto", List.of("Beto Ruiz", "specialist"),
          "sup", List.of("Supervisora Díaz", "supervisor"));

  /**
   * Starts the broker with the always-open policy and adds the licence; the staff come with {@link
   * #accounts} and {@link #loggedIn}.
   *
   * @param overrides broker settings, {@code key=value}
   */
  public static Cast start(Path dir, String... overrides) throws Exception {
    Rig rig = Rig.start(dir, Program.alwaysOpenPolicy(), overrides);
    Cast cast = new Cast(rig, new EchoService());
    rig.addLicence("LIC-0001", "Contadores Rivera SC");
    return cast;
  }

  /**
   * Adds staff accounts, for those who only use the console.
   *
   * @param users some of {@code ana}, {@code sofia}, {@code rafa}, {@code beto}, {@code sup}
   */
  public Cast accounts(String... users) throws Exception {
    for (String user : users) {
      rig.addStaff(user, STAFF.get(user).get(0), STAFF.get(user).get(1));
    }
    return this;
  }

  /**
   * Adds staff accounts and logs each in with the agent app (each is a process start, so a test
   * casts only whom it uses).
   */
  public Cast loggedIn(String... users) throws Exception {
    accounts(users);
    for (String user : users) {
      rig.login(user);
    }
    return this;
  }

  /** The customer starts the helper, Ana opens the session with its code, the customer accepts. */
  public Opened open() throws Exception {
    return open(rig, echo.endpoint().toString());
  }

  /**
   * On any rig where Ana is logged in: the customer's helper for LIC-0001 shares a service, Ana
   * opens the session with its code and a tunnel, the customer accepts.
   *
   * @param service the customer's service, {@code host:port}
   */
  public static Opened open(Rig rig, String service) throws Exception {
    Program helper =
        rig.helper(
            "--licence",
            "LIC-0001",
            "--product",
            "contabilidad",
            "--version",
            "2026.2",
            "--service",
            service);
    String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", WAIT).group(1);
    Program ana = rig.agent("ana", "open", code, "--forward", "127.0.0.1:0");
    helper.awaitLine("Ana López \\(agente\\).*¿Lo permite\\?", WAIT);
    helper.type("s");
    Matcher opened = ana.awaitLine("Sesión ([0-9a-f-]{36}), ticket (\\d+)\\.", WAIT);
    Matcher tunnel = ana.awaitLine("Túnel listo: 127\\.0\\.0\\.1:(\\d+)", WAIT);
    return new Opened(
        helper,
        ana,
        opened.group(1),
        Long.parseLong(opened.group(2)),
        Integer.parseInt(tunnel.group(1)));
  }

  /** Runs a one-shot agent app command as a user and returns it, finished. */
  public Program command(String user, String... args) throws Exception {
    Program program = rig.agent(user, args);
    program.awaitExit(WAIT);
    return program;
  }

  /** The ticket's timeline, oldest first, read from the broker's database. */
  public List<Event> timeline(long ticketId) throws SQLException {
    try (Connection db = DriverManager.getConnection(rig.databaseUrl(), "sa", "");
        PreparedStatement query =
            db.prepareStatement(
                "SELECT kind, actor, detail FROM ticket_events WHERE ticket_id = ? ORDER BY id")) {
      query.setLong(1, ticketId);
      List<Event> events = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          events.add(new Event(rows.getString(1), rows.getString(2), rows.getString(3)));
        }
      }
      return events;
    }
  }

  /** Kinds only, oldest first. */
  public List<String> kinds(long ticketId) throws SQLException {
    return timeline(ticketId).stream().map(Event::kind).toList();
  }

  /** Sends random bytes through a forward port; the customer's echo service must return them. */
  public static void assertEchoed(int port, int size) throws Exception {
    EchoService.assertEchoed(new Endpoint("127.0.0.1", port), size);
  }

  /** Stops every program and the broker. */
  public void stop() throws Exception {
    echo.close();
    rig.close();
  }
}
