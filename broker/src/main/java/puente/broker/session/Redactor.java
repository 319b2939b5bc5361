package puente.broker.session;

import java.util.List;
import puente.text.Secrets;

/**
 * P11: staff never hand out the SQL Server database password, and the broker keeps such secrets out
 * of what it relays or stores as text. Configured secret values and recognisable password forms are
 * replaced by a mask; the recogniser ({@link Secrets}) is the one the helper uses on its own
 * screen.
 */
public final class Redactor {
  /** What replaces a secret. */
  public static final String MASK = Secrets.MASK;

  private final Secrets secrets;

  /**
   * A redactor.
   *
   * @param secrets exact values never to relay or store (e.g. the vendor's SQL Server password)
   */
  public Redactor(List<String> secrets) {
    this.secrets = Secrets.of(secrets);
  }

  /**
   * Masks every secret in a text.
   *
   * @return the text with secrets masked; the same instance when there were none
   */
  public String redact(String text) {
    return secrets.mask(text);
  }
}
