package puente.broker.admin;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import puente.broker.auth.AuditEntry;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.Role;
import puente.broker.store.AgentStore;
import puente.broker.store.StaffAudit;

/** {@code broker agent …}: staff accounts. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "Manages staff accounts.",
    subcommands = {
      AgentCommands.Add.class,
      AgentCommands.ListAccounts.class,
      AgentCommands.Disable.class,
      AgentCommands.Enable.class,
      AgentCommands.ChangeRole.class,
      AgentCommands.ResetPassword.class,
      AgentCommands.Remove.class,
      AgentCommands.Audit.class
    })
public final class AgentCommands {
  /** {@code broker agent add USER --name NAME [--role R] [--password-stdin]}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Creates an account; asks for the password.")
  static final class Add implements Callable<Integer>, Admin.AsksPassword {
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
    public boolean passwordStdin() {
      return passwordStdin;
    }

    @Override
    public Integer call() {
      return Admin.run(spec, this::add);
    }

    private int add(Admin admin) throws IOException {
      Role parsed = role(admin, role);
      if (parsed == null) {
        return Admin.USAGE;
      }
      char[] password = newPassword(admin, passwordStdin);
      if (password == null) {
        return Admin.USAGE;
      }
      try {
        String hash = new PasswordHasher().hash(password);
        return change(
            admin,
            store -> {
              store.add(username, displayName, parsed, hash, admin.operator(), admin.now());
              return "agent " + username + " (" + parsed.wireName() + ") created";
            });
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }

  /** {@code broker agent list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists accounts: user, name, role, state, last login.")
  static final class ListAccounts implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Admin.run(
          spec,
          admin -> {
            admin.table(
                new AgentStore(admin.database()).list(),
                "no accounts",
                "%-16s %-28s %-11s %-9s %s%n",
                List.of("USER", "NAME", "ROLE", "STATE", "LAST LOGIN"),
                account ->
                    new Object[] {
                      account.agent().username(),
                      account.agent().displayName(),
                      account.agent().role().wireName(),
                      account.removedAt() != null
                          ? "removed"
                          : account.enabled() ? "enabled" : "disabled",
                      account.lastLoginAt() == null ? "-" : Admin.WHEN.format(account.lastLoginAt())
                    });
            return 0;
          });
    }
  }

  /**
   * A subcommand that changes one account: prints what the change did, or why the store refused it
   * (exit 1).
   */
  abstract static class AccountChange implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "User name.")
    String username;

    /**
     * Makes the change.
     *
     * @return what to print
     * @throws IllegalArgumentException for an unknown or removed user, or a change refused
     */
    abstract String change(AgentStore store, Admin admin);

    /** Checks what the subcommand takes besides the user, then changes; returns the exit code. */
    int run(Admin admin) throws IOException {
      return AgentCommands.change(admin, store -> change(store, admin));
    }

    @Override
    public Integer call() {
      return Admin.run(spec, this::run);
    }
  }

  /** {@code broker agent disable USER}. */
  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description =
          "Disables an account: its logins and tokens are refused and its live sessions end"
              + " within seconds.")
  static final class Disable extends AccountChange {
    @Override
    String change(AgentStore store, Admin admin) {
      boolean changed = store.setEnabled(username, false, admin.operator(), admin.now());
      return "agent " + username + (changed ? " disabled" : " was already disabled");
    }
  }

  /** {@code broker agent enable USER}. */
  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = "Enables a disabled account; its user logs in again.")
  static final class Enable extends AccountChange {
    @Override
    String change(AgentStore store, Admin admin) {
      boolean changed = store.setEnabled(username, true, admin.operator(), admin.now());
      return "agent " + username + (changed ? " enabled" : " was already enabled");
    }
  }

  /** {@code broker agent role USER ROLE}. */
  @Command(
      name = "role",
      mixinStandardHelpOptions = true,
      description =
          "Changes an account's role. Its tokens are revoked and its live sessions end: the user"
              + " logs in again with the new role.")
  static final class ChangeRole extends AccountChange {
    @Parameters(index = "1", description = "agent, specialist or supervisor.")
    String role;

    private Role parsed;

    @Override
    int run(Admin admin) throws IOException {
      parsed = role(admin, role);
      return parsed == null ? Admin.USAGE : super.run(admin);
    }

    @Override
    String change(AgentStore store, Admin admin) {
      Role before = store.changeRole(username, parsed, admin.operator(), admin.now());
      return "agent "
          + username
          + ": role "
          + before.wireName()
          + " -> "
          + parsed.wireName()
          + "; logged out";
    }
  }

  /** {@code broker agent reset-password USER [--password-stdin]}. */
  @Command(
      name = "reset-password",
      mixinStandardHelpOptions = true,
      description = "Sets a new password; asks for it. The old one and every token stop working.")
  static final class ResetPassword extends AccountChange implements Admin.AsksPassword {
    @Option(names = "--password-stdin", description = "Reads the password from standard input.")
    boolean passwordStdin;

    private String hash;

    @Override
    public boolean passwordStdin() {
      return passwordStdin;
    }

    @Override
    int run(Admin admin) throws IOException {
      char[] password = newPassword(admin, passwordStdin);
      if (password == null) {
        return Admin.USAGE;
      }
      try {
        hash = new PasswordHasher().hash(password);
      } finally {
        Arrays.fill(password, '\0');
      }
      return super.run(admin);
    }

    @Override
    String change(AgentStore store, Admin admin) {
      store.resetPassword(username, hash, admin.operator(), admin.now());
      return "agent " + username + ": password reset; logged out";
    }
  }

  /** {@code broker agent remove USER}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description =
          "Removes an account for good. Its tickets' history keeps the user name, which is never"
              + " given to anyone else.")
  static final class Remove extends AccountChange {
    @Override
    String change(AgentStore store, Admin admin) {
      store.remove(username, admin.operator(), admin.now());
      return "agent " + username + " removed";
    }
  }

  /** {@code broker agent audit}. */
  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "Prints every change to staff accounts and API keys: when, who, what, to whom.")
  static final class Audit implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      return Admin.run(
          spec,
          admin -> {
            List<AuditEntry> entries = new StaffAudit(admin.database()).entries();
            if (entries.isEmpty()) {
              admin.out().println("no changes recorded");
              return 0;
            }
            for (AuditEntry entry : entries) {
              admin
                  .out()
                  .println(
                      Admin.WHEN.format(entry.at())
                          + "  "
                          + entry.actor()
                          + "  "
                          + entry.action()
                          + "  "
                          + entry.target()
                          + (entry.detail() == null ? "" : "  " + entry.detail()));
            }
            return 0;
          });
    }
  }

  /** Runs one change on the accounts and prints what it did, or why not (exit 1). */
  private static int change(Admin admin, Function<AgentStore, String> change) {
    try {
      admin.out().println(change.apply(new AgentStore(admin.database())));
      return 0;
    } catch (IllegalArgumentException e) {
      admin.err().println(e.getMessage());
      return 1;
    }
  }

  /** The role named, or null after saying why it is not one. */
  private static Role role(Admin admin, String name) {
    try {
      return Role.parse(name);
    } catch (IllegalArgumentException e) {
      admin.err().println(e.getMessage());
      return null;
    }
  }

  /** The new password the operator typed, or null after saying it is too short. */
  private static char[] newPassword(Admin admin, boolean fromStdin) throws IOException {
    char[] password = admin.password(fromStdin);
    if (password == null || password.length < 8) {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
      admin.err().println("password: at least 8 characters are required");
      return null;
    }
    return password;
  }
}
