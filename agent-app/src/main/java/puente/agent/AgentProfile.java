package puente.agent;

import java.nio.file.Path;
import java.time.Instant;
import puente.client.Endpoint;

/**
 * What {@code login} remembers: where the broker is, how to reach it, and the access token.
 *
 * @param broker the broker's address
 * @param tlsCa the trusted certificate file, or null
 * @param plaintext whether plaintext was explicitly asked for
 * @param user the user name
 * @param displayName the name the broker shows
 * @param role agent, specialist or supervisor
 * @param token the bearer token (secret)
 * @param expiresAt when the token stops working
 */
record AgentProfile(
    Endpoint broker,
    Path tlsCa,
    boolean plaintext,
    String user,
    String displayName,
    String role,
    String token,
    Instant expiresAt) {

  boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
