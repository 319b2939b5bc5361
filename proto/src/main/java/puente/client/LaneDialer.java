package puente.client;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import puente.v1.TunnelFrame;

/**
 * Opens a tunnel channel's connection to the broker's data port: TCP to the broker's host, TLS
 * under the same rule as the gRPC channel ({@link BrokerChannels}), then the lane preamble and
 * token. After that the socket carries the channel's bytes unchanged.
 */
public final class LaneDialer {
  private final String host;
  private final SSLSocketFactory tls;

  private LaneDialer(String host, SSLSocketFactory tls) {
    this.host = host;
    this.tls = tls;
  }

  /**
   * A dialer for the broker the apps talk to.
   *
   * @param broker the broker's gRPC address; lanes use its host
   * @param tlsCa a PEM file of trusted certificates, or null
   * @param plaintext whether the user explicitly asked for plaintext
   * @return the dialer
   * @throws IOException if the PEM file cannot be read or holds no certificate
   */
  public static LaneDialer forBroker(Endpoint broker, Path tlsCa, boolean plaintext)
      throws IOException {
    return switch (BrokerChannels.security(broker, tlsCa, plaintext)) {
      case PLAINTEXT -> new LaneDialer(broker.host(), null);
      case TLS_TRUSTING_FILE -> new LaneDialer(broker.host(), trusting(tlsCa));
      case TLS_TRUSTING_SYSTEM ->
          new LaneDialer(broker.host(), (SSLSocketFactory) SSLSocketFactory.getDefault());
    };
  }

  /**
   * Connects one end of a channel to the data port and presents its lane.
   *
   * @param lane the lane the broker issued for this end
   * @return the connected socket, ready for the channel's bytes
   * @throws IOException if the port cannot be reached or the TLS handshake fails
   */
  public Socket dial(TunnelFrame.Lane lane) throws IOException {
    requireNonNull(lane, "lane");
    if (lane.getToken().size() != Tunnel.TOKEN_BYTES) {
      throw new IOException(
          "lane token of "
              + lane.getToken().size()
              + " bytes (expected: "
              + Tunnel.TOKEN_BYTES
              + ")");
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, lane.getPort()), Tunnel.CONNECT_TIMEOUT_MILLIS);
      if (tls != null) {
        SSLSocket secured = (SSLSocket) tls.createSocket(socket, host, lane.getPort(), true);
        SSLParameters parameters = secured.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        secured.setSSLParameters(parameters);
        secured.startHandshake();
        socket = secured;
      }
      OutputStream out = socket.getOutputStream();
      byte[] hello = new byte[Tunnel.LANE_PREAMBLE.length + Tunnel.TOKEN_BYTES];
      System.arraycopy(Tunnel.LANE_PREAMBLE, 0, hello, 0, Tunnel.LANE_PREAMBLE.length);
      lane.getToken().copyTo(hello, Tunnel.LANE_PREAMBLE.length);
      out.write(hello);
      out.flush();
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static SSLSocketFactory trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new IOException(pem + ": no certificate found (expected: PEM certificates)");
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException(pem + ": " + e.getMessage(), e);
    }
  }
}
