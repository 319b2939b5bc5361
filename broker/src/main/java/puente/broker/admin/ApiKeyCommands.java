package puente.broker.admin;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import puente.broker.auth.ApiKey;
import puente.broker.auth.ApiScope;
import puente.broker.auth.Secrets;
import puente.broker.store.ApiKeyStore;

/** {@code broker apikey …}: keys for helpdesk integrations on the REST API. */
@Command(
    name = "apikey",
    mixinStandardHelpOptions = true,
    description =
        "Manages API keys for helpdesk tools: REST API only, within their scopes; never sessions.",
    subcommands = {
      ApiKeyCommands.Create.class,
      ApiKeyCommands.ListKeys.class,
      ApiKeyCommands.Revoke.class
    })
public final class ApiKeyCommands {
  /** {@code broker apikey create NAME [--scope tickets:read]...}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Issues a key and prints it once; only its digest is kept.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "What the key is for, e.g. the helpdesk's name.")
    String name;

    @Option(
        names = "--scope",
        description =
            "What it may do: tickets:read (the default; read-only tickets), queue:read (the"
                + " escalations waiting for a specialist). Repeat for both.")
    List<String> scopes = List.of();

    @Override
    public Integer call() {
      return Admin.run(spec, this::create);
    }

    private int create(Admin admin) {
      if (name.isBlank() || name.length() > 100) {
        admin.err().println("name: " + name + " (expected: 1 to 100 characters)");
        return Admin.USAGE;
      }
      Set<ApiScope> parsed = EnumSet.of(ApiScope.TICKETS_READ);
      try {
        if (!scopes.isEmpty()) {
          parsed =
              scopes.stream()
                  .map(ApiScope::parse)
                  .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiScope.class)));
        }
      } catch (IllegalArgumentException e) {
        admin.err().println(e.getMessage());
        return Admin.USAGE;
      }
      String secret = ApiKey.PREFIX + Secrets.newToken();
      ApiKey key =
          new ApiKeyStore(admin.database())
              .create(name, parsed, Secrets.digest(secret), admin.operator(), admin.now());
      admin.out().println("API key " + key.id() + " (" + name + ", " + scopes(key) + ") created.");
      admin.out().println("Shown only now; keep it secret:");
      admin.out().println(secret);
      return 0;
    }
  }

  /** {@code broker apikey list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists keys (never the secrets): id, name, scopes, created, revoked.")
  static final class ListKeys implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Admin.run(
          spec,
          admin -> {
            admin.table(
                new ApiKeyStore(admin.database()).list(),
                "no API keys",
                "%-5s %-24s %-14s %-30s %s%n",
                List.of("ID", "NAME", "SCOPES", "CREATED", "REVOKED"),
                key ->
                    new Object[] {
                      key.id(),
                      key.name(),
                      scopes(key),
                      Admin.WHEN.format(key.createdAt()) + " " + key.createdBy(),
                      key.revokedAt() == null ? "-" : Admin.WHEN.format(key.revokedAt())
                    });
            return 0;
          });
    }
  }

  /** {@code broker apikey revoke ID}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revokes a key: refused from its next request on.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The key's id, from apikey list.")
    long id;

    @Override
    public Integer call() {
      return Admin.run(
          spec,
          admin -> {
            try {
              ApiKey key =
                  new ApiKeyStore(admin.database()).revoke(id, admin.operator(), admin.now());
              admin.out().println("API key " + id + " (" + key.name() + ") revoked");
              return 0;
            } catch (IllegalArgumentException e) {
              admin.err().println(e.getMessage());
              return 1;
            }
          });
    }
  }

  private static String scopes(ApiKey key) {
    return key.scopes().stream().map(ApiScope::wireName).sorted().collect(Collectors.joining(","));
  }
}
