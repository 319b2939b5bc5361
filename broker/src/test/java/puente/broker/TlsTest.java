package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
    writeSelfSigned(cert, key);
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

  static void writeSelfSigned(Path certFile, Path keyFile) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            name,
            pair.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost")}));
    X509Certificate cert =
        new JcaX509CertificateConverter()
            .getCertificate(
                builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    write(certFile, cert);
    write(keyFile, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null));
  }

  private static void write(Path file, Object pem) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(pem);
    }
    Files.writeString(file, out.toString());
  }
}
