package puente.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import puente.v1.Participant;

class ParticipantNamesTest {
  static final List<Participant> PEOPLE =
      List.of(
          person("customer", "Contadores Rivera SC"),
          person("ana", "Ana López"),
          person("sofia", "Sofía Méndez"),
          person("smendez2", "Sofía Mena"),
          person("rafa", "Rafael Cruz"));

  @ParameterizedTest
  @CsvSource({
    "sofia, sofia",
    "SOFIA, sofia",
    "Sofía Méndez, sofia",
    "sofia  mendez, sofia",
    "ana, ana",
    "Ana, ana",
    "rafael, rafa",
    "Rafael Cruz, rafa"
  })
  void findsByUserNameFullNameOrUniqueFirstName(String typed, String id) {
    assertThat(ParticipantNames.find(PEOPLE, typed)).map(Participant::getId).contains(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "pedro", "López", "rafa cruz"})
  void findsNobodyForAnUnknownName(String typed) {
    assertThat(ParticipantNames.find(PEOPLE, typed)).isEmpty();
  }

  @Test
  void aSharedFirstNameNeedsTheFullName() {
    List<Participant> twoSofias =
        List.of(person("smendez", "Sofía Méndez"), person("smena", "Sofía Mena"));

    assertThat(ParticipantNames.find(twoSofias, "Sofía")).isEmpty();
    assertThat(ParticipantNames.find(twoSofias, "sofía mena"))
        .map(Participant::getId)
        .contains("smena");
  }

  private static Participant person(String id, String name) {
    return Participant.newBuilder().setId(id).setDisplayName(name).build();
  }
}
