package puente.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A broker's TLS files as an operator with a private certificate authority has them: the
 * authority's certificate (what the apps trust with {@code --tls-ca}), and the broker's certificate
 * for {@code localhost} and {@code 127.0.0.1}, issued by that authority, with its key.
 *
 * @param authority the authority's certificate (PEM)
 * @param certificate the broker's certificate (PEM), for {@code tls.certificate}
 * @param privateKey the broker's key (PKCS #8 PEM), for {@code tls.privateKey}
 */
public record Certificates(Path authority, Path certificate, Path privateKey) {

  /** Writes a fresh authority and broker certificate, valid for a day, into {@code dir}. */
  public static Certificates write(Path dir) throws Exception {
    Instant now = Instant.now();
    KeyPair authorityKeys = keyPair();
    X500Name authorityName = new X500Name("CN=Puente test authority");
    JcaX509v3CertificateBuilder authority =
        new JcaX509v3CertificateBuilder(
            authorityName,
            BigInteger.ONE,
            Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            authorityName,
            authorityKeys.getPublic());
    authority.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    authority.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));

    KeyPair brokerKeys = keyPair();
    JcaX509v3CertificateBuilder broker =
        new JcaX509v3CertificateBuilder(
            authorityName,
            BigInteger.TWO,
            Date.from(now.minus(1, ChronoUnit.DAYS)),
            Date.from(now.plus(1, ChronoUnit.DAYS)),
            new X500Name("CN=localhost"),
            brokerKeys.getPublic());
    broker.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    broker.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));

    Certificates files =
        new Certificates(
            dir.resolve("authority.pem"), dir.resolve("broker.pem"), dir.resolve("broker-key.pem"));
    writePem(files.authority(), signed(authority, authorityKeys.getPrivate()));
    writePem(files.certificate(), signed(broker, authorityKeys.getPrivate()));
    writePem(files.privateKey(), new JcaPKCS8Generator(brokerKeys.getPrivate(), null));
    return files;
  }

  /** A TLS context that trusts only the certificates in a PEM file, e.g. for HTTPS requests. */
  public static SSLContext trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry(
          "authority", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": " + e.getMessage(), e);
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509Certificate signed(JcaX509v3CertificateBuilder builder, PrivateKey issuer)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer)));
  }

  private static void writePem(Path file, Object pem) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(pem);
    }
    Files.writeString(file, out.toString());
  }
}
