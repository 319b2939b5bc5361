package puente.broker.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import puente.broker.config.BrokerConfig;
import puente.broker.metrics.BrokerMetrics;

/**
 * The broker's HTTP side: {@code /health/live}, {@code /health/ready} (includes the database),
 * {@code /health} (both), {@code /metrics} (Prometheus text format) and the tickets' REST API
 * ({@link TicketApi}).
 */
public final class HttpVerticle extends VerticleBase {
  private final BrokerConfig.Listener listener;
  private final BrokerConfig.Tls tls;
  private final BrokerMetrics metrics;
  private final BooleanSupplier databaseReachable;
  private final TicketApi tickets;
  private HttpServer server;

  /**
   * A verticle serving on the given address.
   *
   * @param databaseReachable a blocking check, run off the event loop
   */
  public HttpVerticle(
      BrokerConfig.Listener listener,
      BrokerConfig.Tls tls,
      BrokerMetrics metrics,
      BooleanSupplier databaseReachable) {
    this(listener, tls, metrics, databaseReachable, null);
  }

  /**
   * A verticle serving on the given address, with the tickets' REST API.
   *
   * @param databaseReachable a blocking check, run off the event loop
   * @param tickets the REST API on tickets under {@code /api/v1/tickets}, or null for none
   */
  public HttpVerticle(
      BrokerConfig.Listener listener,
      BrokerConfig.Tls tls,
      BrokerMetrics metrics,
      BooleanSupplier databaseReachable,
      TicketApi tickets) {
    this.listener = listener;
    this.tls = tls;
    this.metrics = metrics;
    this.databaseReachable = databaseReachable;
    this.tickets = tickets;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(this::handleLive);
    router.get("/health/ready").handler(this::handleReady);
    router.get("/health").handler(this::handleReady);
    router.get("/metrics").handler(this::handleMetrics);
    if (tickets != null) {
      tickets.mount(vertx, router);
    }
    HttpServerOptions options =
        new HttpServerOptions().setHost(listener.host()).setPort(listener.port());
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
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.actualPort();
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
