package puente.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random bearer secrets and the digests under which the broker keeps them. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new 256-bit secret, URL-safe Base64 without padding. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // No 0/O, 1/l/i: read out over the phone to the one who will type it.
  private static final String READABLE = "abcdefghjkmnpqrstuvwxyz23456789";

  /**
   * A temporary password a supervisor reads out, {@code xxxx-xxxx-xxxx}: 12 characters from an
   * alphabet of 31 (about 59 bits), every guess at it held back by the login throttle.
   */
  public static String newPassword() {
    StringBuilder password = new StringBuilder(14);
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) {
        password.append('-');
      }
      password.append(READABLE.charAt(RANDOM.nextInt(READABLE.length())));
    }
    return password.toString();
  }

  /** The SHA-256 of a secret in lower-case hex: what is stored and compared. */
  public static String digest(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
