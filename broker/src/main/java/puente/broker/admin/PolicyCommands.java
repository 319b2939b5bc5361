package puente.broker.admin;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import puente.broker.i18n.Messages;
import puente.broker.policy.Decision;
import puente.broker.policy.DecisionRequest;
import puente.broker.policy.PolicyConfigException;
import puente.broker.policy.SupportPolicy;
import puente.broker.policy.Violation;
import puente.broker.store.LicenceStore;

/** {@code broker policy …}: the operator's view of the support policy. */
@Command(
    mixinStandardHelpOptions = true,
    name = "policy",
    description = "Explains and checks the support policy.",
    subcommands = {PolicyCommands.Check.class, PolicyCommands.Validate.class})
public final class PolicyCommands {
  /** Exit code of a refused decision. */
  static final int REFUSED = 3;

  /**
   * {@code broker policy check}: the decision the broker would take, without opening anything —
   * "why was this customer refused?".
   */
  @Command(
      mixinStandardHelpOptions = true,
      name = "check",
      description = "Prints the decision for a licence, version and category at an instant.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--licence", required = true, description = "Licence key.")
    String licence;

    @Option(names = "--product", description = "Product (default: the licence's).")
    String product;

    @Option(names = "--version", required = true, description = "Installed version.")
    String version;

    @Option(names = "--category", description = "Problem category (default: the policy's).")
    String category;

    @Option(names = "--advisory", description = "As paid advisory (P8).")
    boolean advisory;

    @Option(
        names = "--at",
        description =
            "Instant to decide at: 2026-11-24T10:00:00Z, with an"
                + " offset, or local time in the policy's zone (default: now).")
    String at;

    @Option(names = "--locale", defaultValue = "es-MX", description = "es-MX or en.")
    String locale;

    @Override
    public Integer call() {
      return Admin.run(spec, this::check);
    }

    private int check(Admin admin) {
      SupportPolicy policy;
      try {
        policy = admin.policy();
      } catch (PolicyConfigException e) {
        admin.err().println("policy: " + e.getMessage());
        return Admin.USAGE;
      }
      Instant when;
      try {
        when = at == null ? admin.now() : parseInstant(at, policy);
      } catch (DateTimeParseException e) {
        admin.err().println("--at: " + at + " is not an instant (e.g. 2026-11-24T10:00:00Z)");
        return Admin.USAGE;
      }
      Locale language = Messages.resolve(locale);
      DecisionRequest request =
          new DecisionRequest(
              new LicenceStore(admin.database()).find(licence).orElse(null),
              product == null ? "" : product,
              version,
              category,
              advisory,
              language);
      Decision decision = policy.decide(request, when);
      print(admin.out(), decision, when, policy);
      return decision.allowed() ? 0 : REFUSED;
    }

    private static Instant parseInstant(String text, SupportPolicy policy) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException notUtc) {
        try {
          return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
          return LocalDateTime.parse(text).atZone(policy.zone()).toInstant();
        }
      }
    }

    private static void print(
        PrintWriter out, Decision decision, Instant when, SupportPolicy policy) {
      out.println(
          "decision:  "
              + (decision.allowed() ? "ALLOWED" : "REFUSED")
              + (decision.billable() ? " (billable advisory, P8)" : ""));
      out.println("at:        " + when.atZone(policy.zone()) + " (" + when + ")");
      out.println(
          "licence:   "
              + decision.licenceStatus()
              + decision
                  .supportUntil()
                  .map(d -> ", support until " + d + " (exclusive)")
                  .orElse(""));
      out.println(
          "category:  "
              + decision.categoryId()
              + (decision.priority() == Integer.MAX_VALUE
                  ? ""
                  : ", priority " + decision.priority()));
      for (Violation violation : decision.violations()) {
        out.println(
            "rule:      "
                + violation.rule()
                + " "
                + violation.reason()
                + ": "
                + violation.message());
      }
      decision.nextOpening().ifPresent(next -> out.println("opens:     " + next));
      decision.closesAt().ifPresent(close -> out.println("closes:    " + close));
      decision.selfHelpUrl().ifPresent(url -> out.println("self-help: " + url));
      out.println("message:   " + decision.message());
    }
  }

  /** {@code broker policy validate FILE}: loads a policy file as the broker would. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "validate",
      description = "Checks a policy file; names the bad key if any.")
  static final class Validate implements Callable<Integer> {
    @picocli.CommandLine.Parameters(index = "0", description = "Policy YAML file.")
    Path file;

    @Override
    public Integer call() {
      try {
        SupportPolicy.load(file);
        System.out.println(file + ": valid");
        return 0;
      } catch (PolicyConfigException e) {
        System.err.println(file + ": " + e.getMessage());
        return Admin.USAGE;
      }
    }
  }
}
