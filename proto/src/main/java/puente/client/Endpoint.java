package puente.client;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A TCP endpoint written as {@code host:port}: the broker's address, the customer's service, or the
 * agent's local listening address. IPv6 literals are written in brackets ({@code [::1]:7480}).
 *
 * @param host a host name or IP literal, without brackets
 * @param port the port, 0 to 65535 (0 only makes sense for a listening address)
 */
public record Endpoint(String host, int port) {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if the host is empty or the port is out of range
   */
  public Endpoint {
    requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: empty (expected: a host name or IP address)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /**
   * Parses {@code host:port}.
   *
   * @param text e.g. {@code 127.0.0.1:7480}, {@code broker.example.com:443} or {@code [::1]:7480}
   * @return the endpoint
   * @throws IllegalArgumentException if the text is not {@code host:port}
   */
  public static Endpoint parse(String text) {
    requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("address: '" + text + "' (expected: host:port)");
    }
    return new Endpoint(unbracket(text.substring(0, colon)), parsePort(text.substring(colon + 1)));
  }

  /**
   * Parses {@code [host:]port}, using a default host when only the port is given.
   *
   * @param text e.g. {@code 15900}, {@code 0} or {@code 0.0.0.0:15900}
   * @param defaultHost the host when the text is only a port
   * @return the endpoint
   * @throws IllegalArgumentException if the text is not {@code [host:]port}
   */
  public static Endpoint parse(String text, String defaultHost) {
    requireNonNull(text, "text");
    return text.indexOf(':') < 0 ? new Endpoint(defaultHost, parsePort(text)) : parse(text);
  }

  /**
   * Tells whether this endpoint is on the loopback interface, without any DNS lookup: only {@code
   * localhost} and loopback IP literals count.
   *
   * @return true for {@code localhost}, {@code 127.x.y.z} and {@code ::1}
   */
  public boolean isLoopback() {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!IPV4_LITERAL.matcher(host).matches() && host.indexOf(':') < 0) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Returns a socket address, resolving the host name now.
   *
   * @return the resolved address
   */
  public InetSocketAddress toSocketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** Returns {@code host:port}, with brackets around IPv6 literals. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port: '" + text + "' (expected: a number 0..65535)", e);
    }
  }
}
