package puente.client;

import static java.util.Objects.requireNonNull;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import puente.v1.Participant;

/**
 * Finds the participant a person means when they type a name at a prompt ({@code grant sofia},
 * {@code quitar Sofía}): the participant id (a user name) first, then the full display name, then a
 * first name that only one participant has. Case and accents are ignored.
 */
public final class ParticipantNames {
  private ParticipantNames() {}

  /**
   * Looks up a typed name among the current participants.
   *
   * @param participants who is connected, as the broker last said
   * @param typed what the person typed, e.g. {@code sofia} or {@code Sofía Méndez}
   * @return the participant, or empty if none or more than one matches
   */
  public static Optional<Participant> find(List<Participant> participants, String typed) {
    requireNonNull(participants, "participants");
    String wanted = fold(requireNonNull(typed, "typed"));
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    for (Participant participant : participants) {
      if (fold(participant.getId()).equals(wanted)) {
        return Optional.of(participant);
      }
    }
    for (Participant participant : participants) {
      if (fold(participant.getDisplayName()).equals(wanted)) {
        return Optional.of(participant);
      }
    }
    List<Participant> byFirstName =
        participants.stream()
            .filter(p -> fold(p.getDisplayName()).split(" ")[0].equals(wanted))
            .toList();
    return byFirstName.size() == 1 ? Optional.of(byFirstName.get(0)) : Optional.empty();
  }

  /** Lower case without accents and with single spaces: "Sofía Méndez" → "sofia mendez". */
  private static String fold(String text) {
    String decomposed = Normalizer.normalize(text.trim(), Normalizer.Form.NFD);
    return decomposed.replaceAll("\\p{M}", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
