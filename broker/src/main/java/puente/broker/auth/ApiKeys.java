package puente.broker.auth;

import java.time.Instant;
import java.util.Optional;

/** Where API keys are kept (the store implements it). */
public interface ApiKeys {
  /** The unrevoked key with this digest, if any. */
  Optional<ApiKey> active(String keyHash);

  /**
   * Notes that a key was used, at most once a minute per key, so a supervisor sees which keys are
   * alive without a write on every request.
   */
  void noteUse(ApiKey key, Instant at);
}
