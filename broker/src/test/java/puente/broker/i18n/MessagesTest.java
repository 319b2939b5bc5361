package puente.broker.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import puente.broker.refusal.RefusalCode;

class MessagesTest {
  static Properties bundle(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in =
        MessagesTest.class.getResourceAsStream("/puente/broker/i18n/" + name + ".properties")) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }

  @Test
  void bothLanguagesHaveTheSameKeys() throws IOException {
    assertThat(bundle("messages_en").stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(bundle("messages").stringPropertyNames());
  }

  @Test
  void noPatternLosesAnApostropheToMessageFormat() throws IOException {
    // MessageFormat takes a lone ' as an escape and drops it: "customer's" must be "customer''s".
    List<String> lone = new ArrayList<>();
    for (String name : List.of("messages", "messages_en")) {
      Properties bundle = bundle(name);
      for (String key : bundle.stringPropertyNames()) {
        if (bundle.getProperty(key).matches(".*(?<!')'(?!').*")) {
          lone.add(name + ": " + key);
        }
      }
    }
    assertThat(lone).isEmpty();
    assertThat(Messages.get(Locale.ENGLISH, "reason.NOT_IN_CONTROL")).contains("customer's");
  }

  @Test
  void everyRefusalReasonIsWordedInBothLanguages() {
    for (RefusalCode code : RefusalCode.values()) {
      for (Locale locale : List.of(Messages.SPANISH_MEXICO, Locale.ENGLISH)) {
        assertThat(Messages.get(locale, code.messageKey()))
            .as(code + " in " + locale)
            .isNotEqualTo(code.messageKey())
            .isNotBlank();
      }
    }
  }
}
