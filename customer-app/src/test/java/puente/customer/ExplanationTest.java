package puente.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import puente.client.Endpoint;
import puente.client.Messages;
import puente.client.RefusalStatus;
import puente.v1.EndReason;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.RuleViolation;
import puente.v1.SessionEnded;

@DisplayName("What the customer is told: his words, the policy's time, no codes")
class ExplanationTest {
  static final Messages ES =
      Messages.load("puente.customer.messages", Locale.forLanguageTag("es-MX"));
  static final PolicyTime MEXICO = PolicyTime.named(ES, "America/Mexico_City");
  static final String SESSION = "6f1c2a9e-8a7b-4c1d-9e2f-0a1b2c3d4e5f";

  @Test
  void theCustomerIsNeverToldAboutHisOwnEndInTheThirdPerson() {
    Explanation live =
        Explanation.ended(ES, ended(EndReason.ENDED_BY_CUSTOMER), true, SESSION, MEXICO);

    assertThat(live.headline()).isEqualTo("Usted terminó la sesión.");
    assertThat(live.details()).contains("Motivo: ENDED_BY_CUSTOMER", "Sesión: " + SESSION);
    assertThat(live.headline() + live.text()).doesNotContain(SESSION).doesNotContain("ENDED_BY");
  }

  @Test
  void aCodeThatNeverStartedASessionIsNotASessionThatEnded() {
    Explanation declined =
        Explanation.ended(ES, ended(EndReason.CONSENT_DECLINED), false, "", MEXICO);
    Explanation cancelled =
        Explanation.ended(ES, ended(EndReason.ENDED_BY_AGENT), false, "", MEXICO);

    assertThat(declined.headline())
        .isEqualTo("Usted no dio permiso; nadie se conectó a su equipo.");
    assertThat(cancelled.headline())
        .isEqualTo("El agente canceló la conexión; nadie se conectó a su equipo.");
    assertThat(declined.headline() + cancelled.headline()).doesNotContain("La sesión terminó");
  }

  @Test
  @DisplayName("P12 a next opening the broker's text does not name is said in the policy's zone")
  void p12NextOpeningInThePolicysZoneWithTheZoneNamed() {
    Refusal closed =
        Refusal.newBuilder()
            .setReason(RefusalReason.OFFICE_CLOSED)
            .setMessage("Estamos fuera del horario de atención.")
            .setNextOpening(
                Timestamp.newBuilder()
                    .setSeconds(Instant.parse("2026-11-30T15:00:00Z").getEpochSecond()))
            .setTimeZone("America/Mexico_City")
            .addViolations(
                RuleViolation.newBuilder().setRule("P12").setReason(RefusalReason.OFFICE_CLOSED))
            .setSelfHelpUrl("https://soporte.example.com.mx/ayuda")
            .build();

    Explanation why =
        Explanation.registrationFailed(
            ES,
            RefusalStatus.toException(Status.Code.FAILED_PRECONDITION, closed),
            new Endpoint("127.0.0.1", 7480),
            PolicyTime.named(ES, ""));

    assertThat(why.text())
        .isEqualTo(
            "Estamos fuera del horario de atención. Soporte vuelve a abrir el lunes 30 de"
                + " noviembre, a las 09:00, hora del centro de México.");
    assertThat(why.lines(ES))
        .containsExactly(why.text(), "Ayuda en línea: https://soporte.example.com.mx/ayuda");
    assertThat(why.details()).containsExactly("Motivo: OFFICE_CLOSED", "Regla P12: OFFICE_CLOSED");
  }

  @Test
  void aLinkTheMessageAlreadyNamesIsNotRepeated() {
    String url = "https://soporte.example.com.mx/ayuda/contabilidad";
    Explanation why =
        Explanation.ended(
            ES,
            SessionEnded.newBuilder()
                .setReason(EndReason.REFUSED)
                .setRefusal(
                    Refusal.newBuilder()
                        .setReason(RefusalReason.VERSION_UNSUPPORTED)
                        .setMessage("Consulte la ayuda en " + url + ".")
                        .setSelfHelpUrl(url))
                .build(),
            false,
            "",
            MEXICO);

    assertThat(why.headline()).isEqualTo("No se pudo iniciar la sesión.");
    assertThat(why.lines(ES)).containsExactly("Consulte la ayuda en " + url + ".");
    assertThat(ExplanationPane.linked(why.text()))
        .isEqualTo("Consulte la ayuda en <a href='" + url + "'>" + url + "</a>.");
  }

  @Test
  void anUnreachableBrokerIsExplainedWithoutTheErrorText() {
    Explanation why =
        Explanation.registrationFailed(
            ES,
            Status.UNAVAILABLE.withDescription("io exception").asRuntimeException(),
            new Endpoint("soporte.example.com", 7480),
            MEXICO);

    assertThat(why.text()).startsWith("No pudimos comunicarnos con el servidor de soporte.");
    assertThat(why.text()).doesNotContain("UNAVAILABLE").doesNotContain("io exception");
    assertThat(why.details())
        .contains("Servidor: soporte.example.com:7480", "Error: UNAVAILABLE io exception");
  }

  private static SessionEnded ended(EndReason reason) {
    return SessionEnded.newBuilder()
        .setReason(reason)
        .setMessage("El cliente terminó la sesión.")
        .build();
  }
}
