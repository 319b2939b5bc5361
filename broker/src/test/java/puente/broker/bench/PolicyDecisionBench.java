package puente.broker.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import puente.broker.policy.Decision;
import puente.broker.policy.DecisionRequest;
import puente.broker.policy.Licence;
import puente.broker.policy.SupportPolicy;

/**
 * Policy decisions per second on one thread, since one sits on every open and every join. Not run
 * by the tests: {@code java -cp … puente.broker.bench.PolicyDecisionBench [seconds]}.
 *
 * <p>The requests mix what a support centre sees: allowed opens, closed office (next opening
 * computed), outdated version, expired purchase with updates, out-of-scope category, unknown
 * licence, across a week of instants. The baseline, measured in the same run, is the least any
 * zone-aware check must do: turning the instant into a local date-time in the policy's zone.
 */
public final class PolicyDecisionBench {
  private PolicyDecisionBench() {}

  /** Prints decisions per second, the baseline, and their ratio. */
  public static void main(String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
    SupportPolicy policy = SupportPolicy.defaults();
    Licence rental =
        Licence.rental(
            "LIC-R", "Rivera", "contabilidad", LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1));
    Licence purchase =
        Licence.purchase(
            "LIC-P",
            "Sánchez",
            "contabilidad",
            LocalDate.of(2023, 5, 31),
            LocalDate.of(2024, 6, 1),
            LocalDate.of(2025, 6, 1));
    Locale es = Locale.forLanguageTag("es-MX");
    List<DecisionRequest> requests =
        List.of(
            new DecisionRequest(rental, "contabilidad", "2026.2", "", false, es),
            new DecisionRequest(rental, "contabilidad", "2026.1", "", false, es),
            new DecisionRequest(purchase, "contabilidad", "2026.2", "system-failure", false, es),
            new DecisionRequest(rental, "contabilidad", "2026.2", "accounting-tax", false, es),
            new DecisionRequest(rental, "contabilidad", "2026.2", "accounting-tax", true, es),
            new DecisionRequest(null, "contabilidad", "2026.2", "", false, Locale.ENGLISH));
    Instant monday = Instant.parse("2026-11-23T14:00:00Z");
    Instant[] instants = new Instant[7 * 24 * 4];
    for (int i = 0; i < instants.length; i++) {
      instants[i] = monday.plusSeconds(i * 900L);
    }
    ZoneId zone = policy.zone();

    // Warm up both loops, then measure each for the same time.
    decide(policy, requests, instants, seconds);
    baseline(zone, instants, seconds);
    double decisions = decide(policy, requests, instants, seconds);
    double conversions = baseline(zone, instants, seconds);
    System.out.printf("policy decisions:            %,12.0f /s (one thread)%n", decisions);
    System.out.printf("baseline (instant -> zone):  %,12.0f /s%n", conversions);
    System.out.printf("ratio decision / baseline:   %12.3f%n", decisions / conversions);
    System.out.printf(
        "target > 100,000 /s:         %12s%n", decisions > 100_000 ? "met" : "MISSED");
  }

  private static double decide(
      SupportPolicy policy, List<DecisionRequest> requests, Instant[] instants, long seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long count = 0;
    long allowed = 0;
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1_000; i++, count++) {
        Decision decision =
            policy.decide(
                requests.get((int) (count % requests.size())),
                instants[(int) (count % instants.length)]);
        allowed += decision.allowed() ? 1 : 0;
      }
    }
    double rate = count / ((System.nanoTime() - start) / 1e9);
    if (allowed == count) {
      throw new AssertionError("every decision allowed: the mix is wrong");
    }
    return rate;
  }

  private static double baseline(ZoneId zone, Instant[] instants, long seconds) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long count = 0;
    long sink = 0;
    long start = System.nanoTime();
    while (System.nanoTime() < end) {
      for (int i = 0; i < 1_000; i++, count++) {
        sink += ZonedDateTime.ofInstant(instants[(int) (count % instants.length)], zone).getHour();
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
