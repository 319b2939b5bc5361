package puente.broker.policy;

import java.util.Optional;

/** Where licences are looked up by key (the store implements it). */
@FunctionalInterface
public interface LicenceBook {
  /**
   * The licence with this key, as it stands now (never cached past P1).
   *
   * @return empty if the key is unknown
   */
  Optional<Licence> find(String key);
}
