package puente.broker.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The broker's settings, read from YAML by {@link ConfigLoader}. Defaults live in {@code
 * puente/broker/config/defaults.yaml}.
 */
public record BrokerConfig(
    Listener grpc,
    Listener http,
    DataPort data,
    Tls tls,
    boolean insecure,
    Database database,
    Sessions sessions,
    Agents agents,
    Throttle throttle,
    Budgets budgets,
    Redaction redaction,
    Policy policy,
    Limits limits,
    Refusals refusals,
    Path home) {

  /**
   * Refuses plaintext listeners off loopback: a broker reachable from the network serves TLS on
   * every listener unless {@code insecure} says it is a test rig.
   *
   * @throws ConfigException naming the first such listener
   */
  public void requireTlsOffLoopback() {
    if (tls().enabled() || insecure()) {
      return;
    }
    for (Listener listener : new Listener[] {grpc(), http(), data().listener()}) {
      if (!listener.isLoopback()) {
        throw new ConfigException(
            listener.host()
                + ": not a loopback address and no TLS certificate is configured"
                + " (set tls.certificate and tls.privateKey, or insecure: true for a test rig)",
            null);
      }
    }
  }

  /** A listening address. */
  public record Listener(String host, int port) {
    /** Whether the host is a loopback address (no TLS needed for development). */
    public boolean isLoopback() {
      try {
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }

  /**
   * The data port: tunnelled connections' bytes.
   *
   * @param threads event loop threads relaying bytes; 0 means half the processors, at least one
   */
  public record DataPort(String host, int port, int threads) {
    /** The listening address. */
    public Listener listener() {
      return new Listener(host, port);
    }

    /** The threads to use: {@link #threads}, or half the processors when 0. */
    public int threadsToUse() {
      return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
  }

  /** PEM files for TLS on every listener. */
  public record Tls(Path certificate, Path privateKey) {
    /** Whether TLS is configured. */
    public boolean enabled() {
      return certificate != null && privateKey != null;
    }
  }

  /** JDBC connection settings. */
  public record Database(String url, String user, String password, int poolSize) {
    @Override
    public String toString() {
      return "Database[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
  }

  /** Session timing. */
  public record Sessions(
      Duration codeTtl,
      Duration consentTimeout,
      Duration attachTimeout,
      Duration queueTimeout,
      Duration viewerLagGrace,
      Duration viewerStallLimit,
      Duration shutdownGrace) {}

  /** Agent accounts. */
  public record Agents(Duration tokenTtl) {}

  /** Throttling of failed code attempts. */
  public record Throttle(
      int freeFailures, Duration baseDelay, Duration maxDelay, Duration forgetAfter) {}

  /** P11: secrets kept out of chat and notes. */
  public record Redaction(java.util.List<String> secrets) {
    @Override
    public String toString() {
      return "Redaction[" + secrets.size() + " secret(s)]";
    }
  }

  /** Where the support policy comes from. */
  public record Policy(Path file, java.time.Duration reloadInterval) {}

  /** What one peer may hold on each listener; the reasoning behind each default is in the YAML. */
  public record Limits(GrpcLimits grpc, DataLimits data, HttpLimits http) {}

  /**
   * The gRPC listener's limits.
   *
   * @param connectionsPerAddress connections one source address may hold open at once
   * @param callsPerConnection calls (streams) one connection may have open at once
   * @param rstFramesPerWindow stream resets a client may send per {@code rstWindow} before its
   *     connection is closed with GOAWAY
   * @param keepAliveTime the broker pings a connection quiet for this long
   * @param keepAliveTimeout and closes it when the ping is not answered within this
   * @param permitKeepAliveTime the shortest ping interval a client may use
   * @param permitKeepAliveWithoutCalls whether a client may ping while it has no call open
   * @param maxConnectionIdle a connection with no call open for this long is closed
   * @param maxMessageBytes the largest message a client may send
   * @param maxMetadataBytes the largest header block (metadata) a client may send
   */
  public record GrpcLimits(
      int connectionsPerAddress,
      int callsPerConnection,
      int rstFramesPerWindow,
      Duration rstWindow,
      Duration keepAliveTime,
      Duration keepAliveTimeout,
      Duration permitKeepAliveTime,
      boolean permitKeepAliveWithoutCalls,
      Duration maxConnectionIdle,
      int maxMessageBytes,
      int maxMetadataBytes) {}

  /** The data port's limits: connections one source address may hold open at once. */
  public record DataLimits(int connectionsPerAddress) {}

  /**
   * The HTTP listener's limits.
   *
   * @param connectionsPerAddress connections one source address may hold open at once
   * @param maxHeaderBytes the largest request head (request line and headers)
   * @param maxBodyBytes the largest request body; more is answered 413
   * @param idleTimeout a connection with no traffic for this long is closed
   */
  public record HttpLimits(
      int connectionsPerAddress, int maxHeaderBytes, int maxBodyBytes, Duration idleTimeout) {}

  /**
   * How long refused requests are kept for the console, and how many distinct ticketless ones a day
   * are kept apart before the rest fold into one row per reason.
   */
  public record Refusals(int keepDays, int distinctPerDay) {}
}
