package puente.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import puente.e2e.Cast;
import puente.e2e.Program;
import puente.e2e.Rig;
import puente.v1.AgentServiceGrpc;
import puente.v1.ListSessionsRequest;
import puente.v1.OpenSessionRequest;

/**
 * "Personal" in Debian's headless Chromium against a real broker: a supervisor shuts out an agent
 * whose agent app is in a live session, and issues and revokes an API key that a helpdesk tool then
 * uses on the REST API. Screenshots in {@code e2e/target/console/staff-*.png}.
 */
class StaffInBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir static Path dir;
  static Cast cast;
  static Rig rig;

  @BeforeAll
  static void start() throws Exception {
    cast = Cast.start(dir, "throttle.freeFailures=50").accounts("beto", "sup").loggedIn("ana");
    rig = cast.rig;
  }

  @AfterAll
  static void stop() throws Exception {
    if (cast != null) {
      cast.stop();
    }
  }

  static String base() {
    return rig.httpBase();
  }

  static Browser supervisorOnStaffPage() throws Exception {
    Browser browser = Browser.supervisor(rig, "sup");
    browser.find("#nav-staff").click();
    browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/staff"));
    return browser;
  }

  @Test
  void aSupervisorDisablesAnAgentWhoseRunningAgentAppIsCutOff() throws Exception {
    Program ana = cast.open().ana();

    try (Browser browser = supervisorOnStaffPage()) {
      String row = "tr[data-user='ana']";
      assertThat(browser.find(row + " .state-cell").getText()).isEqualTo("activa");
      assertThat(browser.find("tr[data-user='sup']").getText()).contains("usted");
      browser.screenshot("staff-01-list");

      long clicked = System.nanoTime();
      browser.find(row + " button.disable").click();
      browser
          .waiting(WAIT)
          .until(
              ExpectedConditions.textToBe(
                  By.id("staff-notice"), "Se desactivó la cuenta ana; sus sesiones se cerraron."));
      assertThat(browser.find(row + " .state-cell").getText()).isEqualTo("desactivada");

      // The running agent app is told and let go within the 5 s the broker promises.
      ana.awaitLine("Se retiró su acceso", Duration.ofSeconds(5));
      ana.awaitExit(WAIT);
      assertThat(Duration.ofNanos(System.nanoTime() - clicked)).isLessThan(Duration.ofSeconds(6));
      // Its next command is refused and says what to do.
      Program next = rig.agent("ana", "sessions");
      assertThat(next.awaitExit(WAIT)).isNotZero();
      assertThat(next.output()).contains("agent-app login");

      // The audit log on the page names the supervisor.
      browser.go("/console/staff");
      assertThat(browser.find("#audit tr[data-action='disable']").getText())
          .contains("sup")
          .contains("cuenta desactivada")
          .contains("ana");
      browser.driver.executeScript("document.getElementById('audit-log').scrollIntoView()");
      browser.screenshot("staff-03-audit");

      // Enabled again, ana logs in again.
      browser.find(row + " button.enable").click();
      browser
          .waiting(WAIT)
          .until(ExpectedConditions.textToBePresentInElementLocated(By.id("staff-notice"), "ana"));
      rig.login("ana");
    }
  }

  @Test
  void anApiKeyIssuedInTheBrowserReadsTicketsOpensNoSessionAndDiesWhenRevoked() throws Exception {
    try (Browser browser = supervisorOnStaffPage()) {
      browser.find("#key-name").sendKeys("Mesa de ayuda Zendesk");
      browser.find("#issue-key-submit").click();
      browser.waiting(WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("secret")));
      String key = browser.find("#secret-value").getText();
      assertThat(key).startsWith("pk_");
      assertThat(browser.find("#secret").getText()).contains("Cópiela ahora");
      browser.screenshot("staff-02-key-shown");

      // A helpdesk tool reads tickets with it...
      HttpResponse<String> read = rest(key);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).contains("\"items\"");
      // ...and cannot reach sessions with it at all.
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", rig.grpcPort()).usePlaintext().build();
      try {
        Metadata bearer = new Metadata();
        bearer.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        AgentServiceGrpc.AgentServiceBlockingStub stub =
            AgentServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
        StatusRuntimeException open =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () ->
                    stub.openSession(OpenSessionRequest.newBuilder().setCode("123456789").build()));
        assertThat(open).isNotNull();
        assertThat(open.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        StatusRuntimeException list =
            catchThrowableOfType(
                StatusRuntimeException.class,
                () -> stub.listSessions(ListSessionsRequest.getDefaultInstance()));
        assertThat(list.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }

      // Shown once: the page never shows it again.
      browser.go("/console/staff");
      assertThat(browser.driver.getPageSource()).doesNotContain(key);
      String row = "#keys tr.active";
      assertThat(browser.find(row).getText())
          .contains("Mesa de ayuda Zendesk")
          .contains("leer casos");
      browser.find(row + " button.revoke").click();
      browser
          .waiting(WAIT)
          .until(
              ExpectedConditions.textToBe(
                  By.id("staff-notice"),
                  "Se revocó la clave «Mesa de ayuda Zendesk»; ya no da acceso."));
      HttpResponse<String> refused = rest(key);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("\"reason\":\"UNAUTHENTICATED\"");

      // The API's description is linked from the page (served as application/yaml).
      String openapi = browser.find("#openapi-link").getAttribute("href");
      assertThat(openapi).isEqualTo(base() + "/api/openapi.yaml");
      HttpResponse<String> document =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(openapi)).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(document.body()).startsWith("openapi: 3.1.0");
    }
  }

  static HttpResponse<String> rest(String key) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v1/tickets"))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
