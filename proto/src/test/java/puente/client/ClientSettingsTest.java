package puente.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import puente.v1.EndReason;
import puente.v1.Refusal;
import puente.v1.RefusalReason;

class ClientSettingsTest {
  @Test
  void loopbackBrokerWithoutCaIsPlaintextAnythingElseIsTls() throws Exception {
    assertThat(BrokerChannels.credentials(Endpoint.parse("127.0.0.1:7480"), null, false))
        .isInstanceOf(InsecureChannelCredentials.class);
    assertThat(BrokerChannels.credentials(Endpoint.parse("broker.example.com:443"), null, false))
        .isInstanceOf(TlsChannelCredentials.class);
    assertThat(BrokerChannels.credentials(Endpoint.parse("broker.example.com:7480"), null, true))
        .isInstanceOf(InsecureChannelCredentials.class);
  }

  @Test
  void caFileAndPlaintextExcludeEachOther() {
    assertThatThrownBy(
            () ->
                BrokerChannels.credentials(
                    Endpoint.parse("127.0.0.1:7480"), Path.of("ca.pem"), true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"es-MX, es-MX", "es, es-MX", "fr-FR, es-MX", "en, en", "en-US, en"})
  void speaksMexicanSpanishUnlessEnglishIsAskedFor(String requested, String chosen) {
    assertThat(Locales.resolve(requested).toLanguageTag()).isEqualTo(chosen);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "C.UTF-8, -, -, es-MX",
        "POSIX, -, -, es-MX",
        "-, -, -, es-MX",
        "en_US.UTF-8, -, -, en",
        "es_MX.UTF-8, -, -, es-MX",
        "en_US.UTF-8, C, -, es-MX",
        "C.UTF-8, -, en_GB.UTF-8, en",
      })
  void onUnixOnlyAnExplicitEnglishSettingGivesEnglish(
      String lang, String lcMessages, String lcAll, String chosen) {
    Map<String, String> env = new java.util.HashMap<>();
    if (lang != null) {
      env.put("LANG", lang);
    }
    if (lcMessages != null) {
      env.put("LC_MESSAGES", lcMessages);
    }
    if (lcAll != null) {
      env.put("LC_ALL", lcAll);
    }
    // Java reads C.UTF-8 as English; that says nothing about the person.
    assertThat(Locales.ofSystem(env, "Linux", java.util.Locale.US).toLanguageTag())
        .isEqualTo(chosen);
  }

  @Test
  void onWindowsTheSystemLocaleDecides() {
    assertThat(Locales.ofSystem(Map.of(), "Windows 11", java.util.Locale.US))
        .isEqualTo(java.util.Locale.ENGLISH);
    assertThat(Locales.ofSystem(Map.of(), "Windows 11", java.util.Locale.forLanguageTag("es-MX")))
        .isEqualTo(Locales.SPANISH_MEXICO);
  }

  @Test
  void configDirFollowsPuenteThenXdgThenHome() {
    assertThat(ConfigDir.resolve(Map.of("PUENTE_CONFIG_DIR", "/x"), "Linux", "/home/ana"))
        .isEqualTo(Path.of("/x"));
    assertThat(ConfigDir.resolve(Map.of("XDG_CONFIG_HOME", "/cfg"), "Linux", "/home/ana"))
        .isEqualTo(Path.of("/cfg", "puente"));
    assertThat(ConfigDir.resolve(Map.of(), "Linux", "/home/ana"))
        .isEqualTo(Path.of("/home/ana", ".config", "puente"));
    assertThat(ConfigDir.resolve(Map.of("APPDATA", "C:\\AppData"), "Windows 11", "C:\\Users\\a"))
        .isEqualTo(Path.of("C:\\AppData", "Puente"));
  }

  @Test
  void exitCodesSeparateRefusedUnreachableAndAbnormalEnds() {
    Refusal refusal =
        Refusal.newBuilder().setReason(RefusalReason.CODE_INVALID).setMessage("x").build();
    assertThat(ExitCode.of(RefusalStatus.toException(Status.Code.NOT_FOUND, refusal)))
        .isEqualTo(ExitCode.REFUSED);
    assertThat(ExitCode.of(Status.UNAVAILABLE.asRuntimeException()))
        .isEqualTo(ExitCode.BROKER_UNREACHABLE);
    assertThat(ExitCode.of(Status.INTERNAL.asRuntimeException())).isEqualTo(ExitCode.ERROR);
    assertThat(ExitCode.of(EndReason.ENDED_BY_CUSTOMER)).isEqualTo(ExitCode.OK);
    assertThat(ExitCode.of(EndReason.CONSENT_DECLINED)).isEqualTo(ExitCode.REFUSED);
    assertThat(ExitCode.of(EndReason.CUSTOMER_VANISHED)).isEqualTo(ExitCode.ENDED_ABNORMALLY);
  }

  @Test
  void messagesNeverGroupNumbersAndFallBackToTheSharedBundle() {
    Messages messages = Messages.load("puente.client.messages", Locale.ENGLISH);
    assertThat(messages.text("failure.unreachable", new Endpoint("h", 7480), "refused"))
        .isEqualTo("Could not reach the support server h:7480 (refused).");
    assertThat(messages.text("refusal.retry_after", 12345)).contains("12345");
  }
}
