package puente.broker.policy;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The release policy of one product (P22, P25).
 *
 * <p>Rule: an installed version at or after {@code currentRelease} is current. A version before it
 * is still accepted during the grace period if it is at or after {@code graceMinimum} and the date
 * is before {@code graceEndsOn}. Otherwise a version of the same line (same first number) is
 * <em>outdated</em>: the customer is told to install the update (P22). A version of an older line
 * is a <em>previous version</em>: self-service help only (P25).
 *
 * @param id the product id, as licences name it
 * @param currentRelease the release customers must run
 * @param releasedOn when {@code currentRelease} came out, if known
 * @param graceMinimum oldest release accepted during the grace period, or empty for no grace
 * @param graceEndsOn first day the grace no longer applies, or empty for no grace
 * @param updateUrl where to get the update (shown in P22 refusals)
 * @param selfHelpUrl self-service help for this product (shown in P25 refusals)
 */
public record ProductRelease(
    String id,
    VersionNumber currentRelease,
    Optional<LocalDate> releasedOn,
    Optional<VersionNumber> graceMinimum,
    Optional<LocalDate> graceEndsOn,
    String updateUrl,
    String selfHelpUrl) {

  /** What the release policy says about an installed version. */
  public enum Verdict {
    /** At or after the current release. */
    CURRENT,
    /** Behind, but accepted during the grace period. */
    IN_GRACE,
    /** Behind within the current line: install the update (P22). */
    OUTDATED,
    /** A previous line: self-service only (P25). */
    UNSUPPORTED
  }

  /** Checks for nulls and that grace has both ends. */
  public ProductRelease {
    requireNonNull(id, "id");
    requireNonNull(currentRelease, "currentRelease");
    requireNonNull(releasedOn, "releasedOn");
    requireNonNull(graceMinimum, "graceMinimum");
    requireNonNull(graceEndsOn, "graceEndsOn");
    requireNonNull(updateUrl, "updateUrl");
    requireNonNull(selfHelpUrl, "selfHelpUrl");
    if (graceMinimum.isPresent() != graceEndsOn.isPresent()) {
      throw new IllegalArgumentException("grace: needs both a minimum version and an end");
    }
  }

  /**
   * Judges an installed version on a date (P22, P25).
   *
   * @param installed the installed version
   * @param today the date of the request in the policy's zone
   * @return the verdict
   */
  public Verdict judge(VersionNumber installed, LocalDate today) {
    if (!installed.isBefore(currentRelease)) {
      return Verdict.CURRENT;
    }
    if (graceMinimum.isPresent()
        && !installed.isBefore(graceMinimum.get())
        && today.isBefore(graceEndsOn.get())) {
      return Verdict.IN_GRACE;
    }
    return installed.line() == currentRelease.line() ? Verdict.OUTDATED : Verdict.UNSUPPORTED;
  }
}
