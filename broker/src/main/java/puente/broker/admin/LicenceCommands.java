package puente.broker.admin;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import puente.broker.policy.Licence;
import puente.broker.policy.LicenceMode;
import puente.broker.policy.LicenceStanding;
import puente.broker.policy.SupportPolicy;
import puente.broker.store.LicenceStore;

/** {@code broker licence …}: the vendor's licences (P1–P3, P26). */
@Command(
    mixinStandardHelpOptions = true,
    name = "licence",
    description = "Manages licences.",
    subcommands = {
      LicenceCommands.Add.class,
      LicenceCommands.Import.class,
      LicenceCommands.Show.class,
      LicenceCommands.Update.class,
      LicenceCommands.Reissue.class
    })
public final class LicenceCommands {
  /** Exit code when a licence is not found or a row is bad. */
  static final int FAILED = 1;

  /** {@code broker licence add KEY …}. */
  @Command(mixinStandardHelpOptions = true, name = "add", description = "Adds a licence.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "Licence key.")
    String key;

    @Option(names = "--customer", required = true, description = "Customer name.")
    String customer;

    @Option(names = "--product", required = true, description = "Product id, e.g. contabilidad.")
    String product;

    @Option(names = "--mode", required = true, description = "rental or purchase.")
    String mode;

    @Option(
        names = "--starts",
        required = true,
        description = "Rental start or purchase date (yyyy-MM-dd).")
    LocalDate starts;

    @Option(names = "--ends", description = "First day after a rental (yyyy-MM-dd).")
    LocalDate ends;

    @Option(names = "--update", description = "Date a paid update was paid (repeatable).")
    List<LocalDate> updates = new ArrayList<>();

    @Override
    public Integer call() {
      return Admin.run(spec, this::run);
    }

    private int run(Admin admin) {
      Licence licence;
      try {
        LicenceMode parsed = LicenceMode.valueOf(mode.toUpperCase(Locale.ROOT));
        licence = new Licence(key, customer, product, parsed, starts, ends, updates);
      } catch (IllegalArgumentException e) {
        admin.err().println(e.getMessage());
        return Admin.USAGE;
      }
      try {
        new LicenceStore(admin.database()).add(licence, admin.now());
        admin.out().println("licence " + key + " added for " + customer);
        return 0;
      } catch (IllegalArgumentException e) {
        admin.err().println(e.getMessage());
        return FAILED;
      }
    }
  }

  /** {@code broker licence import FILE [--skip-bad]}: all rows or none. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "import",
      description = "Imports licences from CSV: all rows, or none if any is bad.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        description = "CSV file with header key,customer,product,mode,starts,ends,updates.")
    Path file;

    @Option(names = "--skip-bad", description = "Imports the good rows and reports the bad ones.")
    boolean skipBad;

    @Override
    public Integer call() {
      return Admin.run(spec, this::run);
    }

    private int run(Admin admin) {
      LicenceCsv.Result result;
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        result = LicenceCsv.read(in);
      } catch (IOException e) {
        admin.err().println(file + ": " + e.getMessage());
        return FAILED;
      }
      result.bad().forEach(bad -> admin.err().println(file + ": " + bad));
      if (!result.bad().isEmpty() && !skipBad) {
        admin
            .err()
            .println(
                result.bad().size()
                    + " bad row(s): nothing imported"
                    + " (fix them, or use --skip-bad to import the other rows)");
        return FAILED;
      }
      try {
        new LicenceStore(admin.database()).addAll(result.licences(), admin.now());
      } catch (IllegalArgumentException e) {
        admin.err().println(file + ": " + e.getMessage() + ": nothing imported");
        return FAILED;
      }
      admin
          .out()
          .println(
              result.licences().size()
                  + " licence(s) imported"
                  + (result.bad().isEmpty()
                      ? ""
                      : ", " + result.bad().size() + " bad row(s) skipped"));
      return result.bad().isEmpty() ? 0 : FAILED;
    }
  }

  /** {@code broker licence show KEY}: the licence and its support status now. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = "Shows a licence with its support status and until when.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "Licence key.")
    String key;

    @Override
    public Integer call() {
      return Admin.run(spec, this::run);
    }

    private int run(Admin admin) {
      SupportPolicy policy = admin.policy();
      Optional<Licence> found = new LicenceStore(admin.database()).find(key);
      if (found.isEmpty()) {
        admin.err().println("licence " + key + " is unknown");
        return FAILED;
      }
      Licence licence = found.get();
      LicenceStanding standing = policy.licenceTerms().standing(licence, admin.now());
      admin.out().println("key:       " + licence.key());
      admin.out().println("customer:  " + licence.customerName());
      admin.out().println("product:   " + licence.product());
      admin.out().println("mode:      " + licence.mode().name().toLowerCase(Locale.ROOT));
      admin.out().println("starts:    " + licence.startsOn());
      if (licence.endsOn() != null) {
        admin.out().println("ends:      " + licence.endsOn() + " (exclusive)");
      }
      licence.paidUpdates().forEach(d -> admin.out().println("update:    paid " + d));
      admin
          .out()
          .println(
              "status:    "
                  + standing.status()
                  + standing
                      .lastSupportedDay()
                      .map(d -> " (last supported day " + d + ")")
                      .orElse(""));
      return 0;
    }
  }

  /** {@code broker licence update KEY --paid DATE}: a paid update (P3). */
  @Command(
      mixinStandardHelpOptions = true,
      name = "update",
      description = "Records a paid update of a purchased licence (P3).")
  static final class Update implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "Licence key.")
    String key;

    @Option(names = "--paid", required = true, description = "Payment date (yyyy-MM-dd).")
    LocalDate paid;

    @Override
    public Integer call() {
      return Admin.run(spec, this::run);
    }

    private int run(Admin admin) {
      LicenceStore store = new LicenceStore(admin.database());
      Optional<Licence> licence = store.find(key);
      if (licence.isEmpty()) {
        admin.err().println("licence " + key + " is unknown");
        return FAILED;
      }
      if (licence.get().mode() != LicenceMode.PURCHASE) {
        admin.err().println("licence " + key + " is a rental: updates apply to purchases only");
        return FAILED;
      }
      store.addUpdate(key, paid);
      LicenceStanding standing =
          admin.policy().licenceTerms().standing(store.find(key).orElseThrow(), admin.now());
      admin
          .out()
          .println(
              "update paid "
                  + paid
                  + " recorded; status "
                  + standing.status()
                  + standing.lastSupportedDay().map(d -> " until " + d).orElse(""));
      return 0;
    }
  }

  /** {@code broker licence reissue KEY}: a lost licence, only while valid (P26). */
  @Command(
      mixinStandardHelpOptions = true,
      name = "reissue",
      description = "Re-issues a lost licence under a new key, only while it is valid (P26).")
  static final class Reissue implements Callable<Integer> {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The lost licence key.")
    String key;

    @Override
    public Integer call() {
      return Admin.run(spec, this::run);
    }

    private int run(Admin admin) {
      LicenceStore store = new LicenceStore(admin.database());
      Optional<Licence> licence = store.find(key);
      Instant now = admin.now();
      if (licence.isEmpty()) {
        admin.err().println("licence " + key + " is unknown");
        return FAILED;
      }
      if (!admin.policy().licenceTerms().mayReissue(licence.get(), now)) {
        admin
            .err()
            .println(
                "licence "
                    + key
                    + " is not valid today: it cannot be re-issued"
                    + " until an update is paid (P26)");
        return FAILED;
      }
      Licence renewed = store.reissue(key, newKey(), now);
      admin
          .out()
          .println(
              "licence "
                  + key
                  + " re-issued as "
                  + renewed.key()
                  + "; the old key no longer works");
      return 0;
    }

    private static String newKey() {
      String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
      StringBuilder key = new StringBuilder("LIC");
      for (int i = 0; i < 12; i++) {
        if (i % 4 == 0) {
          key.append('-');
        }
        key.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
      }
      return key.toString();
    }
  }
}
