package puente.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import puente.client.Locales;
import puente.v1.TicketState;

class TicketStatesTest {
  @ParameterizedTest
  @EnumSource(
      value = TicketState.class,
      names = {"TICKET_STATE_UNSPECIFIED", "UNRECOGNIZED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyStateReadsAsAWordInBothLanguages(TicketState state) {
    String spanish = TicketStates.word(state, Locales.SPANISH_MEXICO);
    String english = TicketStates.word(state, Locale.ENGLISH);

    assertThat(spanish).isNotBlank().doesNotContain("_").isNotEqualTo(english);
    assertThat(english).isNotBlank().doesNotContain("_");
  }

  @Test
  void theWireNameAndTheBareNameGiveTheSameWord() {
    assertThat(TicketStates.word("WAITING_ON_CUSTOMER", Locales.SPANISH_MEXICO))
        .isEqualTo(
            TicketStates.word(TicketState.TICKET_STATE_WAITING_ON_CUSTOMER, Locales.SPANISH_MEXICO))
        .isEqualTo("en espera del cliente");
    assertThat(TicketStates.word("CLOSED", Locale.ENGLISH)).isEqualTo("closed");
  }

  @Test
  void anyLocaleThatIsNotEnglishReadsSpanish() {
    assertThat(TicketStates.word("NEW", Locale.GERMAN)).isEqualTo("nuevo");
    assertThat(TicketStates.word("NEW", Locale.US)).isEqualTo("new");
  }

  @Test
  void anUnknownStateIsShownByItsName() {
    assertThat(TicketStates.word(TicketState.TICKET_STATE_UNSPECIFIED, Locale.ENGLISH))
        .isEqualTo("TICKET_STATE_UNSPECIFIED");
  }

  @Test
  void bothLanguagesNameTheSameStates() {
    long named =
        Arrays.stream(TicketState.values())
            .filter(s -> !TicketStates.word(s, Locale.ENGLISH).equals(s.name()))
            .count();
    assertThat(named).isEqualTo(TicketState.values().length - 2);
  }
}
