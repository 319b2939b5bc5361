package puente.broker.auth;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a supervisor may not do to staff accounts from the console, so that the console can never
 * lock the support centre out of itself. The operator's own commands ({@code broker agent …}) are
 * the way back in and are not held by these rules.
 */
public final class StaffRules {
  /** Why a change is refused. */
  public enum Refusal {
    /** Supervisors do not disable, re-role, reset or remove their own account here. */
    OWN_ACCOUNT,
    /** The change would leave no enabled supervisor. */
    LAST_SUPERVISOR
  }

  private StaffRules() {}

  /**
   * Checks a change before it is made.
   *
   * @param actor the supervisor making it
   * @param target the account it is made to, as it is now
   * @param targetEnabled whether that account is enabled now
   * @param change what is asked
   * @param newRole the role asked for ({@link StaffChange#ROLE}), else ignored
   * @param enabledSupervisors how many enabled supervisors there are now, the target included
   * @return why not, or empty when the change may be made
   */
  public static Optional<Refusal> refusal(
      Agent actor,
      Agent target,
      boolean targetEnabled,
      StaffChange change,
      Role newRole,
      long enabledSupervisors) {
    requireNonNull(actor, "actor");
    requireNonNull(target, "target");
    requireNonNull(change, "change");
    if (change == StaffChange.ROLE) {
      requireNonNull(newRole, "newRole");
    }
    boolean own = actor.id() == target.id();
    if (own && change != StaffChange.ENABLE) {
      return Optional.of(Refusal.OWN_ACCOUNT);
    }
    boolean takesASupervisorAway =
        switch (change) {
          case DISABLE, REMOVE -> true;
          case ROLE -> newRole != Role.SUPERVISOR;
          case ENABLE, RESET_PASSWORD -> false;
        };
    if (takesASupervisorAway
        && target.role() == Role.SUPERVISOR
        && targetEnabled
        && enabledSupervisors <= 1) {
      return Optional.of(Refusal.LAST_SUPERVISOR);
    }
    return Optional.empty();
  }
}
