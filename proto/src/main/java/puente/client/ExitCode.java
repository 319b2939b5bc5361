package puente.client;

import io.grpc.Status;
import puente.v1.EndReason;

/** The process exit codes both apps use, so scripts and tests can tell outcomes apart. */
public enum ExitCode {
  /** The session ended normally (by the customer, the agent or a supervisor), or success. */
  OK(0),
  /** An unexpected error. */
  ERROR(1),
  /** The command line was wrong. */
  USAGE(2),
  /** The broker refused (licence, code, policy, consent, credentials). */
  REFUSED(3),
  /** The broker could not be reached. */
  BROKER_UNREACHABLE(4),
  /** The session ended abnormally: a peer vanished, the broker stopped, the code expired. */
  ENDED_ABNORMALLY(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** Returns the numeric process exit code. */
  public int code() {
    return code;
  }

  /**
   * Classifies a failed call.
   *
   * @param failure what a stub threw or passed to {@code onError}
   * @return {@link #REFUSED} for a refusal or UNAUTHENTICATED, {@link #BROKER_UNREACHABLE} for
   *     UNAVAILABLE or DEADLINE_EXCEEDED without a refusal, otherwise {@link #ERROR}
   */
  public static ExitCode of(Throwable failure) {
    if (RefusalStatus.fromThrowable(failure).isPresent()) {
      return REFUSED;
    }
    return switch (Status.fromThrowable(failure).getCode()) {
      case UNAUTHENTICATED, PERMISSION_DENIED -> REFUSED;
      case UNAVAILABLE, DEADLINE_EXCEEDED -> BROKER_UNREACHABLE;
      default -> ERROR;
    };
  }

  /**
   * Classifies the end of a session.
   *
   * @param reason why the broker ended it
   * @return {@link #OK} when a person ended it, {@link #REFUSED} when consent or policy refused it,
   *     otherwise {@link #ENDED_ABNORMALLY}
   */
  public static ExitCode of(EndReason reason) {
    return switch (reason) {
      case ENDED_BY_CUSTOMER, ENDED_BY_AGENT, ENDED_BY_SUPERVISOR -> OK;
      case CONSENT_DECLINED, REFUSED -> REFUSED;
      default -> ENDED_ABNORMALLY;
    };
  }
}
