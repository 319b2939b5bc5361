package puente.agent;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import puente.client.Endpoint;
import puente.client.ExitCode;
import puente.client.Messages;
import puente.client.Protos;
import puente.v1.AgentServiceGrpc;
import puente.v1.LoginRequest;
import puente.v1.LoginResponse;

/** Logs in and keeps the token in the user's config directory (never on the command line). */
@Command(
    mixinStandardHelpOptions = true,
    name = "login",
    description =
        "Inicia sesión en el servidor y guarda el acceso en su configuración privada (nunca en"
            + " la línea de comandos).")
final class LoginCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Option(names = "--broker", required = true, description = "Servidor, host:puerto.")
  private Endpoint broker;

  @Option(names = "--user", required = true, description = "Nombre de usuario.")
  private String user;

  @Option(
      names = "--password-stdin",
      description = "Lee la contraseña de una línea de la entrada estándar (scripts).")
  private boolean passwordStdin;

  @Option(names = "--tls-ca", description = "Certificado(s) de confianza (PEM) para TLS.")
  private Path tlsCa;

  @Option(names = "--plaintext", description = "Sin TLS aunque el servidor no sea local.")
  private boolean plaintext;

  @Override
  public Integer call() throws Exception {
    Messages messages = app.messages();
    char[] password = readPassword(messages);
    if (password == null) {
      app.err().println(messages.text("login.no_terminal"));
      return ExitCode.USAGE.code();
    }
    AgentProfile pending = new AgentProfile(broker, tlsCa, plaintext, user, "", "", "", null);
    ManagedChannel channel = app.channel(pending);
    try {
      LoginResponse response =
          AgentServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(30, TimeUnit.SECONDS)
              .login(
                  LoginRequest.newBuilder()
                      .setUsername(user)
                      .setPassword(new String(password))
                      .build());
      AgentProfile profile =
          new AgentProfile(
              broker,
              tlsCa,
              plaintext,
              user,
              response.getDisplayName(),
              response.getRole(),
              response.getToken(),
              Protos.instant(response.getExpiresAt()));
      app.profiles().save(profile);
      app.out()
          .println(
              messages.text(
                  "login.done",
                  profile.displayName(),
                  AgentApp.roleLabel(messages, profile.role()),
                  broker,
                  app.times().dateTime(profile.expiresAt())));
      return ExitCode.OK.code();
    } catch (StatusRuntimeException e) {
      return app.report(e, broker);
    } finally {
      Arrays.fill(password, '\0');
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /** Returns the password, or null when there is no terminal to ask on. */
  private char[] readPassword(Messages messages) throws IOException {
    if (passwordStdin) {
      String line = app.stdin().readLine();
      return line == null ? new char[0] : line.toCharArray();
    }
    Console console = System.console();
    return console == null ? null : console.readPassword("%s", messages.text("login.prompt", user));
  }
}
