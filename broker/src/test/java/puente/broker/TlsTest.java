package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.broker.config.BrokerConfig;
import puente.broker.config.ConfigException;
import puente.broker.config.ConfigLoader;
import puente.v1.HelperServiceGrpc;
import puente.v1.RegisterResponse;

class TlsTest {
  @TempDir Path dir;

  @Test
  void refusesToStartPlaintextOnANonLoopbackAddress() {
    BrokerConfig config =
        new ConfigLoader()
            .load(
                null,
                List.of(
                    "grpc.host=0.0.0.0",
                    "grpc.port=0",
                    "http.port=0",
                    "data.port=0",
                    "database.url=jdbc:h2:mem:" + UUID.randomUUID()));
    assertThatThrownBy(() -> new Broker(config, SessionFlowTest.OFFICE_OPEN).start())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("0.0.0.0: not a loopback address and no TLS certificate");
  }

  @Test
  void servesGrpcAndHttpOverTlsWhenACertificateIsConfigured() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    TestCertificates.writeSelfSigned(cert, key);
    BrokerConfig config =
        new ConfigLoader()
            .load(
                null,
                List.of(
                    "grpc.port=0",
                    "http.port=0",
                    "data.port=0",
                    "database.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "tls.certificate=" + cert,
                    "tls.privateKey=" + key));
    try (BrokerFixture fixture = BrokerFixture.start(config, SessionFlowTest.OFFICE_OPEN)) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress(
                  "localhost",
                  fixture.broker().grpcPort(),
                  TlsChannelCredentials.newBuilder().trustManager(cert.toFile()).build())
              .build();
      try {
        RegisterResponse registered =
            HelperServiceGrpc.newBlockingStub(channel)
                .register(SessionFlowTest.registration(BrokerFixture.LICENCE));
        assertThat(registered.getCode()).matches("\\d{3} \\d{3} \\d{3}");
      } finally {
        channel.shutdownNow();
      }
      javax.net.ssl.TrustManagerFactory trust =
          javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      try (var in = Files.newInputStream(cert)) {
        store.setCertificateEntry(
            "broker",
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      trust.init(store);
      javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
      ssl.init(null, trust.getTrustManagers(), null);
      var http = java.net.http.HttpClient.newBuilder().sslContext(ssl).build();
      var response =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "https://localhost:" + fixture.broker().httpPort() + "/health/live"))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
    }
  }
}
