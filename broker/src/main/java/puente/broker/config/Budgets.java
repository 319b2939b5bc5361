package puente.broker.config;

/**
 * How much anyone may ask of the broker before it refuses: registrations per source address and per
 * licence, wrong code guesses a live code survives, and failed logins per user. Read from the
 * {@code budgets} key; the reasoning behind the defaults is in {@code defaults.yaml}.
 *
 * @param registrationsPerAddress registrations from one source address (one office's NAT)
 * @param registrationsPerLicence registrations with one known licence, from anywhere
 * @param codeGuesses wrong code guesses, by anyone from anywhere, that end a code live meanwhile
 * @param loginFailuresPerUser failed logins for one user name, from every address together, after
 *     which every address loses its free failures for that user
 */
public record Budgets(
    Rate registrationsPerAddress,
    Rate registrationsPerLicence,
    int codeGuesses,
    int loginFailuresPerUser) {

  /**
   * A token bucket: {@code burst} at once, then {@code perMinute} more each minute.
   *
   * @param burst requests allowed at once after a quiet spell
   * @param perMinute requests allowed per minute once the burst is spent
   */
  public record Rate(int burst, double perMinute) {}

  /** Fails naming the first key whose value cannot work. */
  void validate() {
    requireRate("budgets.registrationsPerAddress", registrationsPerAddress);
    requireRate("budgets.registrationsPerLicence", registrationsPerLicence);
    if (codeGuesses < 1) {
      throw new ConfigException("budgets.codeGuesses: " + codeGuesses + " (expected: >= 1)", null);
    }
    if (loginFailuresPerUser < 1) {
      throw new ConfigException(
          "budgets.loginFailuresPerUser: " + loginFailuresPerUser + " (expected: >= 1)", null);
    }
  }

  private static void requireRate(String key, Rate rate) {
    if (rate == null) {
      throw new ConfigException(key + ": missing", null);
    }
    if (rate.burst() < 1) {
      throw new ConfigException(key + ".burst: " + rate.burst() + " (expected: >= 1)", null);
    }
    if (!(rate.perMinute() > 0)) {
      throw new ConfigException(key + ".perMinute: " + rate.perMinute() + " (expected: > 0)", null);
    }
  }
}
