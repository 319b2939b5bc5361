package puente.broker.session;

import java.util.stream.Collectors;
import puente.broker.policy.VersionNumber;
import puente.broker.refusal.RefusalException;
import puente.broker.text.FreeText;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;

/** Checks of what clients send, before anything is stored. */
final class Requests {
  private static final int MAX_KEY = 64;
  private static final int MAX_NAME = 255;

  private Requests() {}

  /**
   * Validates a registration.
   *
   * @throws RefusalException INVALID_REQUEST naming the field
   */
  static void validate(RegisterRequest request) {
    FreeText.requiredLine("licence_key", request.getLicenceKey(), MAX_KEY);
    FreeText.requiredLine("product", request.getProduct(), MAX_KEY);
    FreeText.requiredLine("installed_version", request.getInstalledVersion(), MAX_KEY);
    if (VersionNumber.tryParse(request.getInstalledVersion()).isEmpty()) {
      // P22 compares versions part by part; text that is not one cannot be judged.
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST,
          "request.invalid",
          "installed_version is not a version (expected: numbers and dots, like 2026.3)");
    }
    FreeText.requiredLine("machine.machine_id", request.getMachine().getMachineId(), 128);
    FreeText.requiredLine("machine.hostname", request.getMachine().getHostname(), MAX_NAME);
    FreeText.line("machine.os", request.getMachine().getOs(), MAX_NAME);
    FreeText.line("machine.user_name", request.getMachine().getUserName(), MAX_NAME);
    FreeText.line("offered_service", request.getOfferedService(), MAX_NAME);
    FreeText.line("locale", request.getLocale(), 35);
  }

  /** A refusal as one timeline line: reason codes and rules, no customer text. */
  static String describe(Refusal refusal) {
    if (refusal.getViolationsCount() == 0) {
      return refusal.getReason().name();
    }
    return refusal.getViolationsList().stream()
        .map(v -> v.getReason().name() + (v.getRule().isEmpty() ? "" : "(" + v.getRule() + ")"))
        .collect(Collectors.joining(" "));
  }

  /**
   * Checks a free-text field's length.
   *
   * @return the value
   * @throws RefusalException INVALID_REQUEST naming the field
   */
  static String limited(String field, String value, int max) {
    return FreeText.lines(field, value, max);
  }
}
