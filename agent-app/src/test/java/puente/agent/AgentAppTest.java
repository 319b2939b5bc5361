package puente.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.client.Endpoint;
import puente.client.testing.EchoService;
import puente.client.testing.RunningApp;

class AgentAppTest {
  private static final Pattern TUNNEL_READY =
      Pattern.compile("Túnel listo: (\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+) → (.+) \\(sesión");

  @TempDir Path configDir;
  private EchoService echoService;
  private FakeAgentBroker broker;
  private ProfileStore profiles;

  @BeforeEach
  void start() throws IOException {
    echoService = new EchoService();
    broker = new FakeAgentBroker(echoService.endpoint());
    profiles = new ProfileStore(configDir);
  }

  @AfterEach
  void stop() throws IOException {
    broker.close();
    echoService.close();
  }

  @Test
  void loginKeepsTheTokenInAPrivateFileAndWhoamiShowsIt() throws Exception {
    RunningApp login = agent("login", "--broker", broker(), "--user", "ana", "--password-stdin");
    login.type(FakeAgentBroker.PASSWORD);

    assertThat(login.awaitExit()).isZero();
    assertThat(login.out()).contains("Sesión iniciada como Ana López (agente)");
    Path file = configDir.resolve("agent.properties");
    assertThat(Files.readString(file)).contains("token=" + FakeAgentBroker.TOKEN);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    RunningApp whoami = agent("whoami", "--locale", "en");
    assertThat(whoami.awaitExit()).isZero();
    assertThat(whoami.out()).contains("User ana (Ana López, agent) on " + broker());

    RunningApp logout = agent("logout");
    assertThat(logout.awaitExit()).isZero();
    assertThat(file).doesNotExist();
  }

  @Test
  void everyCommandAndSubcommandAnswersHelp() {
    java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
    collect(
        AgentApp.commandLine(
            new AgentApp(System.in, System.out, System.err, profiles),
            puente.client.Locales.SPANISH_MEXICO),
        java.util.List.of(),
        paths);
    assertThat(paths).hasSizeGreaterThan(10);

    for (java.util.List<String> path : paths) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      java.util.List<String> args = new java.util.ArrayList<>(path);
      args.addAll(java.util.List.of("--help", "--locale", "es-MX"));
      int exit =
          AgentApp.run(
              java.io.InputStream.nullInputStream(),
              new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
              new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
              profiles,
              args.toArray(String[]::new));
      assertThat(exit).as(String.join(" ", args)).isZero();
      assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
          .as(String.join(" ", args))
          .startsWith("Uso: puente-agent " + String.join(" ", path));
    }
  }

  private static void collect(
      picocli.CommandLine line,
      java.util.List<String> path,
      java.util.List<java.util.List<String>> into) {
    for (var sub : line.getSubcommands().entrySet()) {
      if (!sub.getValue().getCommandName().equals(sub.getKey())) {
        continue; // an alias
      }
      java.util.List<String> next = new java.util.ArrayList<>(path);
      next.add(sub.getKey());
      into.add(next);
      collect(sub.getValue(), next, into);
    }
  }

  @Test
  void logoutRevokesTheTokenAtTheBrokerAndForgetsItHere() throws Exception {
    saveProfile(FakeAgentBroker.TOKEN);

    RunningApp logout = agent("logout");

    assertThat(logout.awaitExit()).isZero();
    assertThat(logout.out()).contains("Sesión cerrada: el servidor ya no acepta su acceso");
    assertThat(broker.loggedOut).containsExactly("Bearer " + FakeAgentBroker.TOKEN);
    assertThat(configDir.resolve("agent.properties")).doesNotExist();

    RunningApp again = agent("logout", "--locale", "en");
    assertThat(again.awaitExit()).isZero();
    assertThat(again.out()).contains("There was no saved login.");
  }

  @Test
  void logoutOfATokenTheBrokerNoLongerKnowsStillForgetsIt() throws Exception {
    saveProfile("stale-token");

    RunningApp logout = agent("logout");

    assertThat(logout.awaitExit()).isZero();
    assertThat(broker.loggedOut).isEmpty();
    assertThat(configDir.resolve("agent.properties")).doesNotExist();
  }

  @Test
  void wrongPasswordIsRefusedAndNothingIsSaved() throws Exception {
    RunningApp login = agent("login", "--broker", broker(), "--user", "ana", "--password-stdin");
    login.type("incorrecta");

    assertThat(login.awaitExit()).isEqualTo(3);
    assertThat(login.err()).contains("Usuario o contraseña incorrectos.");
    assertThat(configDir.resolve("agent.properties")).doesNotExist();
  }

  @Test
  void openWithoutLoginSaysToLogIn() throws Exception {
    RunningApp open = agent("open", "123", "456", "789", "--forward", "0");

    assertThat(open.awaitExit()).isEqualTo(3);
    assertThat(open.err()).contains("puente-agent login");
  }

  @Test
  void expiredTokenIsRefusedByTheBrokerWithALoginHint() throws Exception {
    saveProfile("stale-token");

    RunningApp open = agent("open", "123 456 789", "--forward", "0");

    assertThat(open.awaitExit()).isEqualTo(3);
    assertThat(open.err()).contains("Su acceso venció.").contains("login de nuevo");
  }

  @Test
  void wrongCodeShowsTheRefusal() throws Exception {
    saveProfile(FakeAgentBroker.TOKEN);

    RunningApp open = agent("open", "999 999 999", "--forward", "0");

    assertThat(open.awaitExit()).isEqualTo(3);
    assertThat(open.err()).contains("El código no es válido.").contains("CODE_INVALID");
  }

  @Test
  void malformedCodeIsAUsageError() throws Exception {
    saveProfile(FakeAgentBroker.TOKEN);

    assertThat(agent("open", "12345", "--forward", "0").awaitExit()).isEqualTo(2);
  }

  @Test
  void openForwardsTheLocalPortThroughTheTunnelUntilTheAgentQuits() throws Exception {
    saveProfile(FakeAgentBroker.TOKEN);

    RunningApp open = agent("open", "123", "456", "789", "--forward", "127.0.0.1:0");

    open.awaitOut("Túnel listo:");
    Matcher ready = TUNNEL_READY.matcher(open.out());
    assertThat(ready.find()).isTrue();
    assertThat(ready.group(3)).isEqualTo("TCP 127.0.0.1:5900");
    EchoService.assertEchoed(
        new Endpoint(ready.group(1), Integer.parseInt(ready.group(2))), 4 * 1024 * 1024);
    assertThat(broker.authorizations).contains("Bearer " + FakeAgentBroker.TOKEN);
    assertThat(broker.languages).contains("es-MX");

    open.type("q");

    assertThat(open.awaitExit()).isZero();
    assertThat(broker.endedSessions).containsExactly("S-1");
    assertThat(open.out()).contains("La sesión terminó: El agente terminó la sesión.");
  }

  @Test
  void openShowsTheBrokersNoticesSuchAsTheClosingWarning() throws Exception {
    saveProfile(FakeAgentBroker.TOKEN);
    RunningApp open = agent("open", "123", "456", "789", "--forward", "127.0.0.1:0");
    open.awaitOut("Túnel listo:");

    broker.notice("Aviso: la oficina cierra a las 18:00. La sesión en curso no se interrumpe.");

    open.awaitOut("Aviso: la oficina cierra a las 18:00. La sesión en curso no se interrumpe.");
    open.type("q");
    assertThat(open.awaitExit()).isZero();
  }

  @Test
  void endCommandEndsASessionById() throws Exception {
    saveProfile(FakeAgentBroker.TOKEN);

    RunningApp end = agent("end", "S-9");

    assertThat(end.awaitExit()).isZero();
    assertThat(broker.endedSessions).containsExactly("S-9");
  }

  private String broker() {
    return "127.0.0.1:" + broker.port();
  }

  /** Runs the agent app in Spanish unless the arguments pick another locale. */
  private RunningApp agent(String... args) throws IOException {
    String[] withLocale = Arrays.copyOf(args, args.length + 2);
    withLocale[args.length] = "--locale";
    withLocale[args.length + 1] = "es-MX";
    String[] chosen = Arrays.asList(args).contains("--locale") ? args : withLocale;
    return RunningApp.start((in, out, err) -> AgentApp.run(in, out, err, profiles, chosen));
  }

  private void saveProfile(String token) throws IOException {
    profiles.save(
        new AgentProfile(
            Endpoint.parse(broker()),
            null,
            false,
            "ana",
            "Ana López",
            "agent",
            token,
            Instant.now().plusSeconds(3600)));
  }
}
