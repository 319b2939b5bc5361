package puente.broker.auth;

import java.util.Optional;

/** Where API keys are kept (the store implements it). */
public interface ApiKeys {
  /** The unrevoked key with this digest, if any. */
  Optional<ApiKey> active(String keyHash);
}
