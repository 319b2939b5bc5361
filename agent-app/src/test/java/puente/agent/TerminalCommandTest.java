package puente.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalCommandTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "q                                | QUIT      | '' | ''",
        "  FIN                            | QUIT      | '' | ''",
        "control                          | CONTROL   | '' | ''",
        "pedir                            | CONTROL   | '' | ''",
        "grant sofia                      | GRANT     | sofia | ''",
        "ceder Sofía Méndez               | GRANT     | Sofía Méndez | ''",
        "release                          | RELEASE   | '' | ''",
        "soltar                           | RELEASE   | '' | ''",
        "takeback                         | TAKE_BACK | '' | ''",
        "recuperar                        | TAKE_BACK | '' | ''",
        "escalate                         | ESCALATE  | '' | ''",
        "escalate sofia                   | ESCALATE  | sofia | ''",
        "escalar sofia no abre la base    | ESCALATE  | sofia | no abre la base",
        "escalate - no abre la base       | ESCALATE  | '' | no abre la base",
        "escalar cola urgente             | ESCALATE  | '' | urgente",
        "leave                            | LEAVE     | '' | ''",
        "dejar                            | LEAVE     | '' | ''",
        "ayuda                            | HELP      | '' | ''",
        "''                               | NONE      | '' | ''",
        "grant                            | UNKNOWN   | '' | ''",
        "release sofia                    | UNKNOWN   | '' | ''",
        "bailar                           | UNKNOWN   | '' | ''"
      })
  void readsWhatTheAgentTyped(String line, TerminalCommand.Kind kind, String target, String note) {
    assertThat(TerminalCommand.parse(line)).isEqualTo(new TerminalCommand(kind, target, note));
  }

  @ParameterizedTest
  @CsvSource({"0, 0 s", "59, 59 s", "60, 1 min 00 s", "185, 3 min 05 s", "7380, 2 h 03 min"})
  void waitingTimesReadLikePeopleSayThem(long seconds, String text) {
    assertThat(QueueCommand.waited(seconds)).isEqualTo(text);
  }
}
