package puente.customer;

import com.google.protobuf.Timestamp;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import puente.client.ChannelListener;
import puente.client.LaneDialer;
import puente.client.TunnelMux;
import puente.client.testing.TunnelSwitch;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;
import puente.v1.RelayFrame;

/**
 * A stand-in for the broker's helper service on a real gRPC server: answers Register, keeps the
 * helper's stream, and plays the agent's tunnel end with a real agent-side mux, joined to the
 * helper through a {@link TunnelSwitch}.
 */
final class FakeHelperBroker extends HelperServiceGrpc.HelperServiceImplBase
    implements AutoCloseable {
  static final String CODE = "123 456 789";
  static final String TOKEN = "helper-secret";

  final BlockingQueue<HelperMessage> fromHelper = new LinkedBlockingQueue<>();
  final BlockingQueue<RegisterRequest> registrations = new LinkedBlockingQueue<>();
  volatile StatusRuntimeException refusal;
  volatile String code = CODE;
  private volatile StreamObserver<HelperEvent> helper;
  private final TunnelSwitch tunnels;
  private final TunnelMux agentTunnel;
  private final Server server;

  FakeHelperBroker() throws IOException {
    tunnels = TunnelSwitch.start();
    agentTunnel = TunnelMux.agentSide(tunnels.agentSink(), tunnels.dialer(), ChannelListener.NONE);
    tunnels.deliverTo(
        agentTunnel::receive,
        frame ->
            send(
                HelperEvent.newBuilder()
                    .setRelay(RelayFrame.newBuilder().setTunnel(frame))
                    .build()));
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(this)
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  TunnelMux agentTunnel() {
    return agentTunnel;
  }

  /** Reaches this broker's data port, for a helper session built without {@code CustomerApp}. */
  LaneDialer lanes() {
    return tunnels.dialer();
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    registrations.add(request);
    if (refusal != null) {
      response.onError(refusal);
      return;
    }
    Instant expires = Instant.now().plusSeconds(600);
    response.onNext(
        RegisterResponse.newBuilder()
            .setCode(code)
            .setHelperToken(TOKEN)
            .setTicketId("T-1")
            .setCodeExpiresAt(Timestamp.newBuilder().setSeconds(expires.getEpochSecond()))
            .build());
    response.onCompleted();
  }

  @Override
  public StreamObserver<HelperMessage> connect(StreamObserver<HelperEvent> events) {
    helper = events;
    return new StreamObserver<>() {
      @Override
      public void onNext(HelperMessage message) {
        if (message.hasRelay() && message.getRelay().hasTunnel()) {
          tunnels.fromHelper(message.getRelay().getTunnel());
          return;
        }
        fromHelper.add(message);
        if (message.hasHello()) {
          send(
              HelperEvent.newBuilder()
                  .setWaiting(HelperEvent.Waiting.newBuilder().setCode(code))
                  .build());
        }
      }

      @Override
      public void onError(Throwable t) {
        fromHelper.add(HelperMessage.getDefaultInstance());
      }

      @Override
      public void onCompleted() {
        fromHelper.add(HelperMessage.getDefaultInstance());
      }
    };
  }

  /** Sends an event to the helper; serialized, as a StreamObserver requires. */
  synchronized void send(HelperEvent event) {
    helper.onNext(event);
  }

  synchronized void completeStream() {
    helper.onCompleted();
  }

  HelperMessage nextFromHelper() throws InterruptedException {
    HelperMessage message = fromHelper.poll(10, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("the helper sent nothing within 10 s");
    }
    return message;
  }

  @Override
  public void close() throws IOException {
    agentTunnel.close();
    tunnels.close();
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
