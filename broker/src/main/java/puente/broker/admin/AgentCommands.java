package puente.broker.admin;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.Role;
import puente.broker.config.BrokerConfig;
import puente.broker.store.AgentStore;
import puente.broker.store.Database;

/** {@code broker agent …}: staff accounts. */
@Command(
    name = "agent",
    description = "Manages staff accounts.",
    subcommands = AgentCommands.Add.class)
public final class AgentCommands {
  /** {@code broker agent add USER --name NAME [--role R] [--password-stdin]}. */
  @Command(name = "add", description = "Creates an account; asks for the password.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "User name.")
    String username;

    @Option(names = "--name", required = true, description = "Name shown to customers.")
    String displayName;

    @Option(
        names = "--role",
        defaultValue = "agent",
        description = "agent, specialist or supervisor (default: ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--password-stdin", description = "Reads the password from standard input.")
    boolean passwordStdin;

    @Override
    public Integer call() throws IOException {
      BrokerConfig config = Admin.config(spec);
      if (config == null) {
        return Admin.USAGE;
      }
      Role parsed;
      try {
        parsed = Role.parse(role);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return Admin.USAGE;
      }
      char[] password = Admin.readPassword(passwordStdin);
      if (password == null || password.length < 8) {
        System.err.println("password: at least 8 characters are required");
        return Admin.USAGE;
      }
      try (Database database = Admin.open(config)) {
        new AgentStore(database)
            .add(
                username,
                displayName,
                parsed,
                new PasswordHasher().hash(password),
                Clock.systemUTC().instant());
        System.out.println("agent " + username + " (" + parsed.wireName() + ") created");
        return 0;
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 1;
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }
}
