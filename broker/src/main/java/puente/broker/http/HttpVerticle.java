package puente.broker.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import puente.broker.config.BrokerConfig;
import puente.broker.http.console.Console;
import puente.broker.metrics.BrokerMetrics;

/**
 * The broker's HTTP side: {@code /health/live}, {@code /health/ready} (includes the database),
 * {@code /health} (both), {@code /metrics} (Prometheus text format), the tickets' REST API ({@link
 * TicketApi}), the escalation queue's ({@link QueueApi}) and the web console ({@link Console}).
 */
public final class HttpVerticle extends VerticleBase {
  private final BrokerConfig.Listener listener;
  private final BrokerConfig.HttpLimits limits;
  private final BrokerConfig.Tls tls;
  private final BrokerMetrics metrics;
  private final BooleanSupplier databaseReachable;
  private final TicketApi tickets;
  private final QueueApi queue;
  private final Console console;
  private final Runnable connectionRefused;
  // Touched only on this verticle's event loop (connection and close handlers).
  private final Map<String, Integer> connections = new HashMap<>();
  private HttpServer server;
  private Router router;

  /**
   * A verticle serving on the given address, with the tickets' REST API.
   *
   * @param limits what one client may hold: connections per address, head and body sizes, idle
   * @param databaseReachable a blocking check, run off the event loop
   * @param tickets the REST API on tickets under {@code /api/v1/tickets}, or null for none
   * @param queue the REST API on the escalation queue, {@code /api/v1/queue}, or null for none
   * @param console the web console under {@code /console}, or null for none
   * @param connectionRefused runs for each connection closed for being over the per-address cap
   */
  public HttpVerticle(
      BrokerConfig.Listener listener,
      BrokerConfig.HttpLimits limits,
      BrokerConfig.Tls tls,
      BrokerMetrics metrics,
      BooleanSupplier databaseReachable,
      TicketApi tickets,
      QueueApi queue,
      Console console,
      Runnable connectionRefused) {
    this.listener = listener;
    this.limits = limits;
    this.tls = tls;
    this.metrics = metrics;
    this.databaseReachable = databaseReachable;
    this.tickets = tickets;
    this.queue = queue;
    this.console = console;
    this.connectionRefused = connectionRefused;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    // A body over the limit is answered 413, from its Content-Length before it is read.
    router.route().handler(BodyHandler.create(false).setBodyLimit(limits.maxBodyBytes()));
    router.get("/health/live").handler(this::handleLive);
    router.get("/health/ready").handler(this::handleReady);
    router.get("/health").handler(this::handleReady);
    router.get("/metrics").handler(this::handleMetrics);
    if (tickets != null) {
      tickets.mount(vertx, router);
      new ApiDocument().mount(router);
    }
    if (queue != null) {
      queue.mount(vertx, router);
    }
    if (console != null) {
      console.mount(vertx, router);
    }
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listener.host())
            .setPort(listener.port())
            .setMaxHeaderSize(limits.maxHeaderBytes())
            .setIdleTimeout(Math.toIntExact(limits.idleTimeout().toMillis()))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (tls.enabled()) {
      options
          .setSsl(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(tls.certificate().toString())
                  .setKeyPath(tls.privateKey().toString()));
    }
    return vertx
        .createHttpServer(options)
        .connectionHandler(this::admit)
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** Every route mounted, as {@code METHOD path} (the API document's test holds them to it). */
  public List<String> routes() {
    return router.getRoutes().stream()
        .flatMap(
            route ->
                route.methods() == null
                    ? Stream.of("* " + route.getPath())
                    : route.methods().stream().map(m -> m.name() + " " + route.getPath()))
        .toList();
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  private void admit(HttpConnection connection) {
    String address = connection.remoteAddress().hostAddress();
    int open = connections.getOrDefault(address, 0);
    if (open >= limits.connectionsPerAddress()) {
      connectionRefused.run();
      connection.close();
      return;
    }
    connections.put(address, open + 1);
    connection.closeHandler(
        closed -> connections.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1));
  }

  private void handleLive(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  private void handleReady(RoutingContext ctx) {
    vertx
        .executeBlocking(databaseReachable::getAsBoolean)
        .onComplete(
            result -> {
              boolean up = result.succeeded() && result.result();
              JsonObject body =
                  new JsonObject()
                      .put("status", up ? "UP" : "DOWN")
                      .put("checks", new JsonObject().put("database", up ? "UP" : "DOWN"));
              ctx.response().setStatusCode(up ? 200 : 503);
              ctx.json(body);
            });
  }

  private void handleMetrics(RoutingContext ctx) {
    vertx
        .executeBlocking(metrics::scrape)
        .onSuccess(
            text ->
                ctx.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(text))
        .onFailure(ctx::fail);
  }
}
