package puente.text;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.ResourceBundle;
import puente.v1.TicketState;

/**
 * The words for a ticket's state, one list for every place staff read them: the agent app's {@code
 * tickets} commands and the broker's ticket API. Mexican Spanish first ({@code
 * puente/text/ticket_states_es.properties}), English on request.
 */
public final class TicketStates {
  private static final String BUNDLE = "puente.text.ticket_states";
  private static final String WIRE_PREFIX = "TICKET_STATE_";
  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private TicketStates() {}

  /**
   * The word for a state on the wire.
   *
   * @param state the state, e.g. {@code TICKET_STATE_WAITING_ON_CUSTOMER}
   * @param locale the reader's locale; English for any English locale, Spanish otherwise
   * @return e.g. "en espera del cliente", or the state's name when it has no word (unspecified)
   */
  public static String word(TicketState state, Locale locale) {
    requireNonNull(state, "state");
    return word(state.name(), locale);
  }

  /**
   * The word for a state by name, as the broker's own enum or the wire enum names it.
   *
   * @param name e.g. {@code WAITING_ON_CUSTOMER} or {@code TICKET_STATE_WAITING_ON_CUSTOMER}
   * @param locale the reader's locale; English for any English locale, Spanish otherwise
   * @return the word, or {@code name} itself when it names no known state
   */
  public static String word(String name, Locale locale) {
    requireNonNull(name, "name");
    requireNonNull(locale, "locale");
    String key = name.startsWith(WIRE_PREFIX) ? name.substring(WIRE_PREFIX.length()) : name;
    ResourceBundle words = bundle(locale);
    return words.containsKey(key) ? words.getString(key) : name;
  }

  private static ResourceBundle bundle(Locale locale) {
    Locale language =
        locale.getLanguage().equals("en") ? Locale.ENGLISH : Locale.forLanguageTag("es");
    return ResourceBundle.getBundle(
        BUNDLE, language, TicketStates.class.getClassLoader(), NO_FALLBACK);
  }
}
