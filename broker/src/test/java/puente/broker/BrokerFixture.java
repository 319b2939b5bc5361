package puente.broker;

import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import puente.broker.auth.PasswordHasher;
import puente.broker.auth.Role;
import puente.broker.config.BrokerConfig;
import puente.broker.config.ConfigLoader;
import puente.broker.policy.Licence;
import puente.broker.store.AgentStore;
import puente.broker.store.CaseStore;
import puente.broker.store.LicenceStore;
import puente.v1.AgentServiceGrpc;
import puente.v1.HelperServiceGrpc;
import puente.v1.LoginRequest;
import puente.v1.MachineIdentity;
import puente.v1.RegisterRequest;

/**
 * A real broker on 127.0.0.1 with ephemeral ports and its own in-memory H2 database, plus the
 * accounts and licences tests need.
 */
public final class BrokerFixture implements AutoCloseable {
  public static final String LICENCE = "LIC-0001";
  public static final String PASSWORD = "correct horse battery";

  /**
   * Budgets no test reaches by accident: every test client registers and guesses from one loopback
   * address. The tests of the budgets themselves set them again after these.
   */
  public static final List<String> ROOMY_BUDGETS =
      List.of(
          "budgets.registrationsPerAddress.burst=1000",
          "budgets.registrationsPerLicence.burst=1000",
          "budgets.codeGuesses=1000",
          "budgets.loginFailuresPerUser=1000");

  private final Broker broker;
  private final List<ManagedChannel> channels = new ArrayList<>();

  private BrokerFixture(Broker broker) {
    this.broker = broker;
  }

  /** Starts a broker whose clock is {@code clock}, with extra config overrides. */
  public static BrokerFixture start(Clock clock, String... overrides) throws IOException {
    List<String> all = new ArrayList<>();
    all.add("grpc.port=0");
    all.add("http.port=0");
    all.add("data.port=0");
    all.add("database.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    all.addAll(ROOMY_BUDGETS);
    all.addAll(List.of(overrides));
    return start(new ConfigLoader().load(null, all), clock);
  }

  /**
   * Starts a broker on manual time: its clock, ticker and every timeout move only when the test
   * advances {@code time}.
   */
  public static BrokerFixture start(ManualTime time, String... overrides) throws IOException {
    List<String> all = new ArrayList<>();
    all.add("grpc.port=0");
    all.add("http.port=0");
    all.add("data.port=0");
    all.add("database.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    all.addAll(ROOMY_BUDGETS);
    all.addAll(List.of(overrides));
    BrokerConfig config = new ConfigLoader().load(null, all);
    return withLicence(
        new BrokerFixture(
            new Broker(
                    config,
                    io.grpc.netty.NettyServerBuilder.forAddress(
                        new java.net.InetSocketAddress("127.0.0.1", 0)),
                    time.clock(),
                    time.ticker(),
                    time)
                .start()));
  }

  /** Starts a broker with the given configuration. */
  public static BrokerFixture start(BrokerConfig config, Clock clock) throws IOException {
    return withLicence(new BrokerFixture(new Broker(config, clock).start()));
  }

  private static BrokerFixture withLicence(BrokerFixture fixture) {
    fixture.addLicence(
        Licence.rental(
            LICENCE,
            "Contadores Rivera SC",
            "contabilidad",
            LocalDate.of(2026, 1, 1),
            LocalDate.of(2027, 1, 1)));
    return fixture;
  }

  /** The broker. */
  public Broker broker() {
    return broker;
  }

  /** Adds a licence. */
  public void addLicence(Licence licence) {
    new LicenceStore(broker.database()).add(licence, Instant.now());
  }

  /** Adds a staff account with {@link #PASSWORD}. */
  public void addAgent(String username, String displayName, Role role) {
    new AgentStore(broker.database())
        .add(
            username,
            displayName,
            role,
            new PasswordHasher(1_000).hash(PASSWORD.toCharArray()),
            Instant.now());
  }

  /** A plaintext channel to the broker's gRPC port. */
  public ManagedChannel channel() {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", broker.grpcPort()).usePlaintext().build();
    channels.add(channel);
    return channel;
  }

  /**
   * A plaintext channel to the broker's gRPC port whose connections come from another loopback
   * address, e.g. {@code 127.0.0.2}: the broker sees another source, as from another office.
   */
  public ManagedChannel channelFrom(String localHost) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", broker.grpcPort())
            .localSocketPicker(
                new NettyChannelBuilder.LocalSocketPicker() {
                  @Override
                  public SocketAddress createSocketAddress(
                      SocketAddress remoteAddress, Attributes attrs) {
                    return new InetSocketAddress(localHost, 0);
                  }
                })
            .usePlaintext()
            .build();
    channels.add(channel);
    return channel;
  }

  /** The number of tickets in the broker's database, whatever their state. */
  public long ticketCount() {
    return new CaseStore(broker.database()).page(null, 1, 1).total();
  }

  /** A helper stub. */
  public HelperServiceGrpc.HelperServiceBlockingStub helper() {
    return HelperServiceGrpc.newBlockingStub(channel());
  }

  /** Registers a machine under {@link #LICENCE}, as the helper does, and returns its ticket. */
  public long ticketFor(String machineId, String hostname) {
    return Long.parseLong(
        helper()
            .register(
                RegisterRequest.newBuilder()
                    .setLicenceKey(LICENCE)
                    .setProduct("contabilidad")
                    .setInstalledVersion("2026.2")
                    .setMachine(
                        MachineIdentity.newBuilder().setMachineId(machineId).setHostname(hostname))
                    .build())
            .getTicketId());
  }

  /** Where the broker serves HTTP: the console, the REST API, metrics. */
  public String httpBase() {
    return "http://127.0.0.1:" + broker.httpPort();
  }

  /** Logs an existing agent in and returns its bearer token. */
  public String login(String username) {
    return AgentServiceGrpc.newBlockingStub(channel())
        .login(LoginRequest.newBuilder().setUsername(username).setPassword(PASSWORD).build())
        .getToken();
  }

  /** Call credentials carrying a bearer token. */
  public static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    broker.stop();
  }
}
