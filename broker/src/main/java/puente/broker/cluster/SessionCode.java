package puente.broker.cluster;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * The 9-digit code a customer reads out on the phone, shown as {@code 123 456 789}.
 *
 * @param digits exactly nine ASCII digits
 */
public record SessionCode(String digits) {
  private static final int LENGTH = 9;

  /** Validates the digits. */
  public SessionCode {
    if (digits == null
        || digits.length() != LENGTH
        || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("digits: " + digits + " (expected: 9 digits)");
    }
  }

  /**
   * Draws a uniformly random code.
   *
   * @param random a cryptographically strong source
   */
  public static SessionCode random(SecureRandom random) {
    return new SessionCode(String.format("%09d", random.nextInt(1_000_000_000)));
  }

  /**
   * Reads a code as an agent typed it: spaces, dashes and dots between digits are ignored.
   *
   * @return the code, or empty if it is not nine digits
   */
  public static Optional<SessionCode> parse(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    String digits = typed.replaceAll("[\\s.\\-]", "");
    if (digits.length() != LENGTH || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return Optional.of(new SessionCode(digits));
  }

  /** The grouped form shown to people: {@code 123 456 789}. */
  public String display() {
    return digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6);
  }

  @Override
  public String toString() {
    return display();
  }
}
