package puente.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import puente.client.Endpoint;
import puente.client.Locales;
import puente.client.Messages;
import puente.text.Secrets;

/** P11 on the customer's terminal, which the agent may be watching through the shared screen. */
class TerminalChatTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  private TerminalHelper terminal(Secrets secrets) {
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    return new TerminalHelper(
        Messages.load("puente.customer.messages", Locales.SPANISH_MEXICO),
        Endpoint.parse("127.0.0.1:7480"),
        null,
        null,
        out,
        out,
        false,
        secrets);
  }

  @Test
  void aSecretTheVendorNamedByItsDigestIsHiddenAndTheCustomerToldWhy() {
    terminal(Secrets.passwordForms().withDigests(List.of(Secrets.sha256("Tl4loc#2026"))))
        .chat("Ana López", "escriba Tl4loc#2026 en el campo de la base");

    String shown = printed.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .doesNotContain("Tl4loc#2026")
        .contains("escriba " + Secrets.MASK + " en el campo de la base")
        .contains("En el mensaje de Ana López se ocultó una contraseña");
  }

  @Test
  void ordinaryChatIsShownAsWrittenWithNoNotice() {
    terminal(Secrets.passwordForms()).chat("Ana López", "¿ya ve la ventana de respaldo?");

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("¿ya ve la ventana de respaldo?")
        .doesNotContain("se ocultó");
  }
}
