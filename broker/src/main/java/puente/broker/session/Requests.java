package puente.broker.session;

import java.util.stream.Collectors;
import puente.broker.refusal.RefusalException;
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
    require("licence_key", request.getLicenceKey(), MAX_KEY);
    require("product", request.getProduct(), MAX_KEY);
    require("installed_version", request.getInstalledVersion(), MAX_KEY);
    require("machine.machine_id", request.getMachine().getMachineId(), 128);
    require("machine.hostname", request.getMachine().getHostname(), MAX_NAME);
    limit("machine.os", request.getMachine().getOs(), MAX_NAME);
    limit("machine.user_name", request.getMachine().getUserName(), MAX_NAME);
    limit("offered_service", request.getOfferedService(), MAX_NAME);
    limit("locale", request.getLocale(), 35);
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
    limit(field, value, max);
    return value;
  }

  private static void require(String field, String value, int max) {
    if (value.isBlank()) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST, "request.invalid", field + " is empty");
    }
    limit(field, value, max);
  }

  private static void limit(String field, String value, int max) {
    if (value.length() > max) {
      throw RefusalException.of(
          RefusalReason.INVALID_REQUEST,
          "request.invalid",
          field + " is longer than " + max + " characters");
    }
  }
}
