package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {
  BrokerFixture fixture;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    fixture = BrokerFixture.start(SessionFlowTest.OFFICE_OPEN);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.broker().httpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthReportsLivenessAndReadinessIncludingTheDatabase() throws Exception {
    assertThat(get("/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"status\":\"UP\"").contains("\"database\":\"UP\"");
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void readinessFailsWhenTheDatabaseIsGone() throws Exception {
    fixture.broker().database().close();
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("\"database\":\"DOWN\"");
  }

  @Test
  void metricsAreInPrometheusFormatWithTheDocumentedMeters() throws Exception {
    org.assertj.core.api.Assertions.catchThrowable(
        () -> fixture.helper().register(SessionFlowTest.registration("LIC-UNKNOWN")));
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("puente_sessions_active ")
        .contains("puente_sessions_opened_total ")
        .contains("puente_sessions_refused_total{reason=\"LICENCE_UNKNOWN\"} 1.0")
        .contains("puente_sessions_refused_total{reason=\"CODE_INVALID\"} 0.0")
        .contains("puente_relay_bytes_total{direction=\"to_agent\"}")
        .contains("puente_relay_bytes_total{direction=\"to_customer\"}");
  }
}
