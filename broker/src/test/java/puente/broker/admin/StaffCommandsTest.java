package puente.broker.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import puente.broker.BrokerMain;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.TokenService;
import puente.broker.config.ConfigLoader;
import puente.broker.store.AgentStore;
import puente.broker.store.Database;

/** The operator's commands on staff accounts and API keys, as the command line runs them. */
class StaffCommandsTest {
  static final String PASSWORD = "correct horse battery";
  static final String OPERATOR = System.getProperty("user.name");

  @TempDir Path dir;
  PrintStream stdout;
  PrintStream stderr;
  InputStream stdin;
  ByteArrayOutputStream out;
  ByteArrayOutputStream err;

  @BeforeEach
  void capture() {
    stdout = System.out;
    stderr = System.err;
    stdin = System.in;
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
    System.setErr(stderr);
    System.setIn(stdin);
  }

  String url() {
    return "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath() + ";AUTO_SERVER=TRUE";
  }

  int run(String... args) {
    return runWithInput("", args);
  }

  int runWithInput(String input, String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    List<String> all = new ArrayList<>(List.of("--set", "database.url=" + url()));
    all.addAll(List.of(args));
    try {
      return new CommandLine(new BrokerMain()).execute(all.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      System.setIn(stdin);
    }
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  void addAna() {
    assertThat(
            runWithInput(
                PASSWORD + "\n", "agent", "add", "ana", "--name", "Ana López", "--password-stdin"))
        .isZero();
  }

  boolean logsIn(String username, String password) {
    try (Database database =
        Database.open(new ConfigLoader().load(null, List.of("database.url=" + url())).database())) {
      return new TokenService(
              new AgentStore(database),
              new PasswordHasher(),
              Clock.systemUTC(),
              Duration.ofHours(1))
          .login(username, password.toCharArray())
          .isPresent();
    }
  }

  @Test
  void everyStaffCommandAnswersHelp() {
    for (String[] command :
        List.of(
            new String[] {"agent"},
            new String[] {"agent", "add"},
            new String[] {"agent", "list"},
            new String[] {"agent", "disable"},
            new String[] {"agent", "enable"},
            new String[] {"agent", "role"},
            new String[] {"agent", "reset-password"},
            new String[] {"agent", "remove"},
            new String[] {"agent", "audit"},
            new String[] {"apikey"},
            new String[] {"apikey", "create"},
            new String[] {"apikey", "list"},
            new String[] {"apikey", "revoke"})) {
      List<String> args = new ArrayList<>(List.of(command));
      args.add("--help");
      assertThat(run(args.toArray(String[]::new))).as(String.join(" ", command)).isZero();
      assertThat(out()).as(String.join(" ", command)).startsWith("Usage: broker " + command[0]);
    }
  }

  @Test
  void listShowsEachAccountsRoleStateAndLastLogin() {
    addAna();
    assertThat(
            runWithInput(
                PASSWORD + "\n",
                "agent",
                "add",
                "sofia",
                "--name",
                "Sofía Ruiz",
                "--role",
                "specialist",
                "--password-stdin"))
        .isZero();
    assertThat(logsIn("ana", PASSWORD)).isTrue();

    assertThat(run("agent", "list")).isZero();
    assertThat(out())
        .containsPattern("ana +Ana López +agent +enabled +20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d")
        .containsPattern("sofia +Sofía Ruiz +specialist +enabled +-");

    assertThat(run("agent", "disable", "sofia")).isZero();
    assertThat(out()).contains("agent sofia disabled");
    assertThat(run("agent", "list")).isZero();
    assertThat(out()).containsPattern("sofia +Sofía Ruiz +specialist +disabled");
  }

  @Test
  void apiKeyListShowsNoSecretAndEachKeysScopesCreatorAndRevocation() {
    assertThat(run("apikey", "list")).isZero();
    assertThat(out()).isEqualTo("no API keys" + System.lineSeparator());
    assertThat(run("apikey", "create", "Mesa de ayuda", "--scope", "queue:read")).isZero();
    String secret = out().lines().reduce((first, last) -> last).orElseThrow();

    assertThat(run("apikey", "list")).isZero();
    assertThat(out())
        .startsWith("ID    NAME")
        .containsPattern(
            "1 +Mesa de ayuda +queue:read +20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ "
                + java.util.regex.Pattern.quote(OPERATOR)
                + " +-")
        .doesNotContain(secret);
    assertThat(run("apikey", "revoke", "1")).isZero();
    assertThat(run("apikey", "list")).isZero();
    assertThat(out())
        .containsPattern(
            "Z " + java.util.regex.Pattern.quote(OPERATOR) + " +20\\d\\d-\\d\\d-\\d\\d");
  }

  @Test
  void aDisabledAccountCannotLogInUntilEnabled() {
    addAna();
    assertThat(run("agent", "disable", "ana")).isZero();
    assertThat(logsIn("ana", PASSWORD)).isFalse();
    assertThat(run("agent", "disable", "ana")).isZero();
    assertThat(out()).contains("agent ana was already disabled");
    assertThat(run("agent", "enable", "ana")).isZero();
    assertThat(out()).contains("agent ana enabled");
    assertThat(logsIn("ana", PASSWORD)).isTrue();
  }

  @Test
  void resetPasswordRefusesTheOldPasswordAndAcceptsTheNew() {
    addAna();
    assertThat(
            runWithInput(
                "a new long password\n", "agent", "reset-password", "ana", "--password-stdin"))
        .isZero();
    assertThat(out()).contains("agent ana: password reset; logged out");
    assertThat(logsIn("ana", PASSWORD)).isFalse();
    assertThat(logsIn("ana", "a new long password")).isTrue();

    assertThat(runWithInput("short\n", "agent", "reset-password", "ana", "--password-stdin"))
        .isEqualTo(Admin.USAGE);
    assertThat(err()).contains("password: at least 8 characters are required");
  }

  @Test
  void aRemovedAccountIsKeptAsRemovedAndItsUserNameIsNeverGivenAgain() {
    addAna();
    assertThat(run("agent", "remove", "ana")).isZero();
    assertThat(out()).contains("agent ana removed");
    assertThat(logsIn("ana", PASSWORD)).isFalse();
    assertThat(run("agent", "list")).isZero();
    assertThat(out()).containsPattern("ana +Ana López +agent +removed");

    assertThat(
            runWithInput(
                PASSWORD + "\n", "agent", "add", "ana", "--name", "Otra Ana", "--password-stdin"))
        .isEqualTo(1);
    assertThat(err()).contains("username: ana is already taken");
    assertThat(run("agent", "enable", "ana")).isEqualTo(1);
    assertThat(err()).contains("agent ana is unknown");
    assertThat(run("agent", "remove", "nadie")).isEqualTo(1);
    assertThat(err()).contains("agent nadie is unknown");
  }

  @Test
  void roleRefusesAnUnknownRoleAndNamesTheChange() {
    addAna();
    assertThat(run("agent", "role", "ana", "jefa")).isEqualTo(Admin.USAGE);
    assertThat(err()).contains("role: jefa (expected: agent, specialist or supervisor)");
    assertThat(run("agent", "role", "ana", "supervisor")).isZero();
    assertThat(out()).contains("agent ana: role agent -> supervisor; logged out");
  }

  @Test
  void theAuditLogHasEveryChangeWithTheOperatorWhoMadeIt() {
    addAna();
    run("agent", "disable", "ana");
    run("agent", "enable", "ana");
    run("agent", "role", "ana", "specialist");
    runWithInput("a new long password\n", "agent", "reset-password", "ana", "--password-stdin");
    run("apikey", "create", "Mesa de ayuda");
    run("apikey", "revoke", "1");
    run("agent", "remove", "ana");

    assertThat(run("agent", "audit")).isZero();
    List<String> lines = out().lines().toList();
    assertThat(lines).hasSize(8);
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "20\\d\\d-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  "
                            + java.util.regex.Pattern.quote(OPERATOR)
                            + "  .*"));
    assertThat(String.join("\n", lines))
        .contains(OPERATOR + "  add  ana  agent")
        .contains(OPERATOR + "  disable  ana")
        .contains(OPERATOR + "  enable  ana")
        .contains(OPERATOR + "  role  ana  agent -> specialist")
        .contains(OPERATOR + "  reset-password  ana")
        .contains(OPERATOR + "  apikey-create  key 1 Mesa de ayuda  tickets:read")
        .contains(OPERATOR + "  apikey-revoke  key 1 Mesa de ayuda")
        .contains(OPERATOR + "  remove  ana");
  }

  @Test
  void anApiKeyIsShownOnceListedWithoutItsSecretAndRevokedOnce() {
    assertThat(run("apikey", "create", "Mesa de ayuda")).isZero();
    String key = out().lines().reduce((first, second) -> second).orElseThrow();
    assertThat(key).startsWith("pk_").hasSizeGreaterThan(40);
    assertThat(out()).contains("API key 1 (Mesa de ayuda, tickets:read) created.");

    assertThat(run("apikey", "create", "Otra", "--scope", "sessions:open")).isEqualTo(Admin.USAGE);
    assertThat(err()).contains("scope: sessions:open (expected: tickets:read, queue:read)");

    assertThat(run("apikey", "list")).isZero();
    assertThat(out())
        .containsPattern("1 +Mesa de ayuda +tickets:read +20\\d\\d-")
        .doesNotContain(key);
    assertThat(out().lines().skip(1).findFirst().orElseThrow()).endsWith("-");

    assertThat(run("apikey", "revoke", "1")).isZero();
    assertThat(out()).contains("API key 1 (Mesa de ayuda) revoked");
    assertThat(run("apikey", "revoke", "1")).isEqualTo(1);
    assertThat(err()).contains("API key 1 is unknown or revoked");
  }
}
