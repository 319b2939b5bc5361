package puente.broker.http.console;

import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/**
 * Whether a request that opens a stream comes from the console's own pages. Browsers send {@code
 * Origin} on cross-origin requests and {@code Sec-Fetch-Site}; a request from another site is
 * refused whatever its cookies.
 */
final class SameOrigin {
  private SameOrigin() {}

  static boolean allows(RoutingContext ctx) {
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return false;
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin == null) {
      return true;
    }
    // The request's own authority: the Host header (HTTP/1.1) or :authority (HTTP/2).
    HostAndPort own = ctx.request().authority();
    if (own == null) {
      return false;
    }
    String scheme = ctx.request().isSSL() ? "https" : "http";
    int port = own.port() > 0 ? own.port() : (ctx.request().isSSL() ? 443 : 80);
    try {
      URI from = URI.create(origin);
      int fromPort = from.getPort() > 0 ? from.getPort() : (scheme.equals("https") ? 443 : 80);
      return scheme.equalsIgnoreCase(from.getScheme())
          && own.host().equalsIgnoreCase(from.getHost())
          && port == fromPort;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
