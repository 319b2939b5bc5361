package puente.broker.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's periodic pass over tickets whose clocks may have run out: acknowledges tickets
 * received outside office hours once the office opens (P13), reminds staff to make the contact
 * attempts and closes cases the customer left silent (P19). Called with the instant to judge by, so
 * tests drive it with a fixed or advanced clock.
 */
public final class TicketSweeper {
  private static final Logger log = LoggerFactory.getLogger(TicketSweeper.class);
  private static final String BROKER = "broker";

  private final CaseBook cases;
  private final TicketLifecycle lifecycle;

  /** A sweeper over the given tickets and rules. */
  public TicketSweeper(CaseBook cases, TicketLifecycle lifecycle) {
    this.cases = requireNonNull(cases, "cases");
    this.lifecycle = requireNonNull(lifecycle, "lifecycle");
  }

  /**
   * Acts on every ticket whose clock ran out by {@code now}. A failure on one ticket is logged and
   * does not stop the others.
   *
   * @return how many tickets changed
   */
  public int sweep(Instant now) {
    int changed = 0;
    for (long id : cases.sweepCandidates(now)) {
      try {
        AtomicBoolean acted = new AtomicBoolean();
        cases.change(
            id,
            t -> {
              Change change = lifecycle.apply(t, new TicketCommand.Sweep(), BROKER, now);
              acted.set(!change.isEmpty());
              return change;
            },
            now,
            BROKER);
        if (acted.get()) {
          changed++;
        }
      } catch (RuntimeException e) {
        log.warn("sweep of ticket {} failed: {}", id, e.toString());
      }
    }
    return changed;
  }
}
