package puente.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaffRulesTest {
  static final Agent SOFIA = new Agent(1, "sofia", "Sofía", Role.SUPERVISOR);

  static Agent target(long id, Role role) {
    return new Agent(id, "u" + id, "U", role);
  }

  @ParameterizedTest(name = "{0} own account ({1}) -> {2}")
  @CsvSource({
    "DISABLE, , OWN_ACCOUNT",
    "ROLE, AGENT, OWN_ACCOUNT",
    "ROLE, SUPERVISOR, OWN_ACCOUNT",
    "RESET_PASSWORD, , OWN_ACCOUNT",
    "REMOVE, , OWN_ACCOUNT",
    "ENABLE, , ",
  })
  void aSupervisorDoesNotChangeTheirOwnAccount(
      StaffChange change, Role role, StaffRules.Refusal expected) {
    assertThat(StaffRules.refusal(SOFIA, SOFIA, true, change, role, 3))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "{0} ({1}) of a supervisor, enabled={2}, {3} enabled -> {4}")
  @CsvSource({
    "DISABLE, , true, 1, LAST_SUPERVISOR",
    "REMOVE, , true, 1, LAST_SUPERVISOR",
    "ROLE, SPECIALIST, true, 1, LAST_SUPERVISOR",
    "ROLE, SUPERVISOR, true, 1, ",
    "RESET_PASSWORD, , true, 1, ",
    "DISABLE, , true, 2, ",
    "REMOVE, , false, 1, ",
    "ROLE, AGENT, true, 2, ",
  })
  void theLastEnabledSupervisorStays(
      StaffChange change,
      Role role,
      boolean enabled,
      long supervisors,
      StaffRules.Refusal expected) {
    assertThat(
            StaffRules.refusal(
                SOFIA, target(2, Role.SUPERVISOR), enabled, change, role, supervisors))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "{0} of an agent")
  @CsvSource({"DISABLE, ", "ENABLE, ", "ROLE, SUPERVISOR", "RESET_PASSWORD, ", "REMOVE, "})
  void anyChangeToAnotherAgentIsAllowed(StaffChange change, Role role) {
    assertThat(StaffRules.refusal(SOFIA, target(7, Role.AGENT), true, change, role, 1)).isEmpty();
  }
}
