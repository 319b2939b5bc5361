package puente.bench;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import puente.client.BrokerChannels;
import puente.client.Endpoint;
import puente.client.LaneDialer;
import puente.v1.AgentServiceGrpc;
import puente.v1.LoginRequest;

/**
 * In-process gRPC clients for the broker, as many helpers and agents would connect: a few
 * connections shared round-robin by the sessions' streams, and one agent login.
 */
final class BrokerClients implements AutoCloseable {
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final CallCredentials agentCredentials;
  private final LaneDialer lanes;

  /**
   * Connects and logs the benchmark's agent in.
   *
   * @param connections how many HTTP/2 connections to spread streams over
   */
  BrokerClients(int grpcPort, int connections) throws IOException {
    lanes = LaneDialer.forBroker(new Endpoint("127.0.0.1", grpcPort), null, true);
    for (int i = 0; i < connections; i++) {
      channels.add(NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build());
    }
    String token =
        AgentServiceGrpc.newBlockingStub(channels.get(0))
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .login(
                LoginRequest.newBuilder()
                    .setUsername(Installation.AGENT)
                    .setPassword(Installation.PASSWORD)
                    .build())
            .getToken();
    agentCredentials = BrokerChannels.bearer(token);
  }

  /** The next connection, round-robin. */
  ManagedChannel channel() {
    return channels.get(Math.floorMod(next.getAndIncrement(), channels.size()));
  }

  /** Reaches the broker's data port. */
  LaneDialer lanes() {
    return lanes;
  }

  CallCredentials agentCredentials() {
    return agentCredentials;
  }

  @Override
  public void close() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      channel.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
