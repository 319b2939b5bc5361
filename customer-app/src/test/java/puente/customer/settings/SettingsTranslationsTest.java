package puente.customer.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTranslationsTest {
  @Test
  void spanishAndEnglishHaveTheSameMessages() throws IOException {
    assertThat(load("en").stringPropertyNames())
        .containsExactlyInAnyOrderElementsOf(load("es").stringPropertyNames());
  }

  private static Properties load(String language) throws IOException {
    String name = "/puente/customer/settings_" + language + ".properties";
    Properties properties = new Properties();
    try (Reader reader =
        new InputStreamReader(
            SettingsTranslationsTest.class.getResourceAsStream(name), StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }
}
