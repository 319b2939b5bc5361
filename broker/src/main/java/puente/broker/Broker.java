package puente.broker;

import com.github.benmanes.caffeine.cache.Ticker;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.netty.handler.ssl.SslContextBuilder;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import puente.broker.admin.AdminSocket;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.Role;
import puente.broker.auth.TokenService;
import puente.broker.cluster.LocalSessionDirectory;
import puente.broker.config.BrokerConfig;
import puente.broker.config.ConfigException;
import puente.broker.grpc.GrpcServices;
import puente.broker.grpc.GrpcTransport;
import puente.broker.http.HttpVerticle;
import puente.broker.http.QueueApi;
import puente.broker.http.TicketApi;
import puente.broker.http.console.Console;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.policy.PolicyHolder;
import puente.broker.policy.SupportPolicy;
import puente.broker.relay.DataPlane;
import puente.broker.session.AttemptThrottle;
import puente.broker.session.PolicyAdmission;
import puente.broker.session.PolicyWatch;
import puente.broker.session.Redactor;
import puente.broker.session.SessionService;
import puente.broker.store.AgentStore;
import puente.broker.store.ApiKeyStore;
import puente.broker.store.CaseStore;
import puente.broker.store.Database;
import puente.broker.store.H2File;
import puente.broker.store.LicenceStore;
import puente.broker.store.RefusalStore;
import puente.broker.store.StaffAudit;
import puente.broker.store.TicketStore;
import puente.broker.ticket.TicketDesk;
import puente.broker.ticket.TicketLifecycle;
import puente.broker.ticket.TicketRules;
import puente.broker.ticket.TicketSweeper;
import puente.broker.time.Timeouts;
import puente.v1.EndReason;

/**
 * A running broker: gRPC for helpers and staff on one port, HTTP for health and metrics on another,
 * one database. {@link #start} / {@link #stop} / {@link #blockUntilShutdown}.
 */
public final class Broker {
  private static final Logger log = LoggerFactory.getLogger(Broker.class);
  // How long the two ends of a tunnel channel have to reach the data port with their tokens.
  private static final Duration LANE_TIMEOUT = Duration.ofSeconds(15);
  // How soon a revoked token's streams end, even when revoked by another process or node.
  private static final Duration ACCESS_CHECK = Duration.ofSeconds(1);

  private final BrokerConfig config;
  private final ServerBuilder<?> builder;
  private final Clock clock;
  private final Ticker ticker;
  private final Timeouts timeouts;
  private final BrokerMetrics metrics = new BrokerMetrics();
  private final HealthStatusManager health = new HealthStatusManager();
  private final BrokerThreads threads = new BrokerThreads();
  private Database database;
  private TicketDesk desk;
  private TicketSweeper sweeper;
  private TicketStore tickets;
  private SessionService sessions;
  private PolicyHolder policy;
  private Server server;
  private GrpcTransport transport;
  private DataPlane dataPlane;
  private Vertx vertx;
  private HttpVerticle http;
  private AdminSocket.Commands adminCommands;
  private AdminSocket adminSocket;

  /**
   * A broker that is not started yet.
   *
   * @param config the settings
   * @param clock the time source of every policy and ticket decision
   */
  public Broker(BrokerConfig config, Clock clock) {
    this.config = config;
    this.builder =
        NettyServerBuilder.forAddress(
            new InetSocketAddress(config.grpc().host(), config.grpc().port()));
    this.clock = clock;
    this.ticker = Ticker.systemTicker();
    this.timeouts = Timeouts.on(threads.timers);
  }

  /**
   * A broker on the given collaborators, so that tests run the same wiring on their own time.
   *
   * @param builder the gRPC server to add the services to (bound where the caller chose)
   * @param clock the time source of every policy and ticket decision
   * @param ticker measures elapsed time (code lifetimes, viewer lag); moves with {@code clock}
   * @param timeouts runs every session timeout and periodic job
   */
  public Broker(
      BrokerConfig config,
      ServerBuilder<?> builder,
      Clock clock,
      Ticker ticker,
      Timeouts timeouts) {
    this.config = config;
    this.builder = builder;
    this.clock = clock;
    this.ticker = ticker;
    this.timeouts = timeouts;
  }

  /** Takes the operator's commands on an admin socket beside an H2 file, from {@link #start}. */
  public Broker takingCommands(AdminSocket.Commands commands) {
    this.adminCommands = commands;
    return this;
  }

  /**
   * Opens the database, ends sessions a killed predecessor left live, and starts both listeners.
   *
   * @throws ConfigException if the listeners would be plaintext on a non-loopback address
   */
  public Broker start() throws IOException {
    config.requireTlsOffLoopback();
    policy =
        new PolicyHolder(
            config.policy().file() == null
                ? SupportPolicy.defaults()
                : SupportPolicy.load(config.policy().file()));
    database = Database.open(H2File.owned(config.database()));
    TicketLifecycle lifecycle =
        new TicketLifecycle(() -> policy.current().calendar(), TicketRules.defaults());
    tickets = new TicketStore(database, lifecycle);
    CaseStore cases = new CaseStore(database);
    int orphans = tickets.endOrphanedSessions(EndReason.BROKER_STOPPED.name());
    if (orphans > 0) {
      log.warn("ended {} session(s) left live by a previous run", orphans);
    }
    AgentStore agents = new AgentStore(database);
    agents.purgeExpiredTokens(clock.instant());
    RefusalStore refusals =
        new RefusalStore(
            database,
            clock,
            () -> policy.current().zone(),
            config.refusals().keepDays(),
            config.refusals().distinctPerDay());
    TokenService tokens =
        new TokenService(agents, new PasswordHasher(), clock, config.agents().tokenTtl());
    sessions =
        new SessionService(
            config.sessions(),
            clock,
            new LocalSessionDirectory(config.sessions().codeTtl(), ticker, timeouts.asScheduler()),
            UUID.randomUUID().toString(),
            new LicenceStore(database),
            tickets,
            new PolicyAdmission(policy::current, new LicenceStore(database)),
            new AttemptThrottle(
                config.throttle().freeFailures(),
                config.throttle().baseDelay(),
                config.throttle().maxDelay(),
                config.throttle().forgetAfter(),
                ticker),
            config.budgets(),
            ticker,
            metrics,
            timeouts,
            agents::find,
            refusals);
    timeouts.every(Duration.ofSeconds(5), sessions::checkpointBytes);
    timeouts.every(ACCESS_CHECK, new RevokedAccess(agents, tokens, sessions));
    PolicyWatch watch = new PolicyWatch(policy, config.policy().file(), sessions, clock);
    timeouts.every(config.policy().reloadInterval(), watch::reloadIfChanged);
    timeouts.every(Duration.ofSeconds(1), Duration.ofSeconds(30), watch::warnBeforeClosing);
    if (config.tls().enabled()) {
      builder.useTransportSecurity(
          config.tls().certificate().toFile(), config.tls().privateKey().toFile());
    }
    dataPlane = startDataPlane();
    desk = new TicketDesk(cases, tickets, lifecycle, clock);
    sweeper = new TicketSweeper(cases, lifecycle);
    // P13, P19: clocks that run out are acted on within a minute.
    threads.ticketClock.scheduleWithFixedDelay(this::sweepTickets, 5, 30, TimeUnit.SECONDS);
    GrpcServices.addTo(
        builder,
        sessions,
        sessions.frameRouter(new Redactor(config.redaction().secrets()), dataPlane, ticker),
        tokens,
        desk,
        threads.streamControl,
        metrics,
        ticker);
    builder.addService(health.getHealthService());
    // Reflection lists every method to anyone who asks: served for development on loopback only.
    if (config.grpc().isLoopback()) {
      builder.addService(ProtoReflectionServiceV1.newInstance());
    }
    transport =
        GrpcTransport.limit(
            builder, config.limits().grpc(), () -> metrics.connectionRefused("grpc"));
    server = builder.build().start();
    health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);

    if (adminCommands != null && H2File.adminSocket(config).isPresent()) {
      adminSocket =
          AdminSocket.open(
              H2File.adminSocket(config).get(), config.database().url(), adminCommands);
    }
    vertx = Vertx.vertx();
    http =
        new HttpVerticle(
            config.http(),
            config.limits().http(),
            config.tls(),
            metrics,
            database::isReachable,
            new TicketApi(desk, tokens, new ApiKeyStore(database), clock),
            new QueueApi(sessions.queueBoard(), tokens, new ApiKeyStore(database)),
            new Console(
                    tokens,
                    sessions,
                    desk,
                    refusals,
                    policy::current,
                    clock,
                    config.tls().enabled(),
                    () -> agents.usable(Role.SPECIALIST))
                .withStaffAdmin(agents, new ApiKeyStore(database), new StaffAudit(database)),
            () -> metrics.connectionRefused("http"));
    try {
      vertx.deployVerticle(http).await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("HTTP listener did not start within 30 s", e);
    }
    log.info(
        "Puente broker listening: gRPC {}:{}, HTTP {}:{}, data {}:{}{}",
        config.grpc().host(),
        grpcPort(),
        config.http().host(),
        httpPort(),
        config.data().host(),
        dataPort(),
        config.tls().enabled() ? " (TLS)" : "");
    return this;
  }

  private DataPlane startDataPlane() throws IOException {
    try {
      return DataPlane.start(
          new InetSocketAddress(config.data().host(), config.data().port()),
          config.tls().enabled()
              ? SslContextBuilder.forServer(
                      config.tls().certificate().toFile(), config.tls().privateKey().toFile())
                  .build()
              : null,
          LANE_TIMEOUT,
          config.data().threadsToUse(),
          metrics::laneRejected,
          timeouts,
          config.limits().data().connectionsPerAddress());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding the data port", e);
    }
  }

  /**
   * Stops without losing a record: refuses new calls, ends every live session with BROKER_STOPPED
   * at this instant and tells its peers, lets the ticket writes already handed over commit, and
   * only then closes the database. Each wait is bounded.
   */
  public void stop() throws InterruptedException {
    health.enterTerminalState();
    if (adminSocket != null) {
      adminSocket.close(); // a command under way finishes before the database closes
    }
    if (server != null) {
      server.shutdown(); // new calls are refused; open streams still carry the end
    }
    if (sessions != null) {
      sessions.endAll(EndReason.BROKER_STOPPED);
    }
    if (dataPlane != null) {
      dataPlane.close();
    }
    if (server != null
        && !server.awaitTermination(
            config.sessions().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (transport != null) {
      transport.close();
    }
    if (vertx != null) {
      try {
        vertx.close().await(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        log.warn("HTTP listener did not stop within 10 s");
      }
    }
    threads.stop();
    if (database != null) {
      database.close();
    }
    log.info("stopped");
  }

  /** Waits until the gRPC server terminates. */
  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
  }

  /** The bound gRPC port. */
  public int grpcPort() {
    return server.getPort();
  }

  /** The bound data port (tunnel lanes). */
  public int dataPort() {
    return dataPlane.port();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /** The HTTP routes mounted, as {@code METHOD path}. */
  public List<String> httpRoutes() {
    return http.routes();
  }

  /** The ticket store (for operators' tools and tests). */
  public TicketStore tickets() {
    return tickets;
  }

  /** Staff's work on tickets. */
  public TicketDesk desk() {
    return desk;
  }

  /** The ticket clocks' sweep (P13, P19); the broker runs it every 30 seconds. */
  public TicketSweeper sweeper() {
    return sweeper;
  }

  private void sweepTickets() {
    try {
      int changed = sweeper.sweep(clock.instant());
      if (changed > 0) {
        log.info("ticket sweep changed {} ticket(s)", changed);
      }
    } catch (RuntimeException e) {
      // A failed pass (database down) must not cancel the next ones.
      log.warn("ticket sweep failed: {}", e.toString());
    }
  }

  /** The live sessions. */
  public SessionService sessions() {
    return sessions;
  }

  /** The open database (the operator's commands run on it through the admin socket). */
  public Database database() {
    return database;
  }

  /** The policy in force, reloadable. */
  public PolicyHolder policy() {
    return policy;
  }

  /** Now, by the broker's clock. */
  public Instant now() {
    return clock.instant();
  }
}
