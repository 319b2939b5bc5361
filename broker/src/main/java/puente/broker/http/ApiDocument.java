package puente.broker.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the REST API, served at {@link #PATH} for anyone (it holds no secret)
 * and linked from the console. Written by hand beside the code it describes; a test holds it to the
 * routes the router mounts under {@code /api} and to the JSON the API answers, so they cannot drift
 * apart.
 */
public final class ApiDocument {
  /** Where the document is served. */
  public static final String PATH = "/api/openapi.yaml";

  /** Where it lives on the class path. */
  public static final String RESOURCE = "puente/broker/http/openapi.yaml";

  private final Buffer document;

  /** Reads the document once, at start. */
  public ApiDocument() {
    try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the broker's jar");
      }
      document = Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds the route to a router. */
  void mount(Router router) {
    router.get(PATH).handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "application/yaml; charset=utf-8")
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("cache-control", "no-cache")
        .end(document);
  }
}
