package puente.broker.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.ManualTime;
import puente.broker.RawCalls;
import puente.broker.metrics.BrokerMetrics;
import puente.v1.HelperServiceGrpc;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;

/** A flood of unreadable requests from one source costs one log line a minute, not one each. */
class MalformedRequestsLogTest {
  private static final byte[] NOT_UTF8 = {0x0A, 0x02, (byte) 0xC3, 0x28};

  private final ManualTime time = new ManualTime(Instant.parse("2026-12-01T15:00:00Z"));
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<RegisterRequest> served = new CopyOnWriteArrayList<>();
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    MalformedRequests guard = new MalformedRequests(new BrokerMetrics(), lines::add, time.ticker());
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(guard.guard(new Recording().bindService()))
            .build()
            .start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aFloodFromOneSourceIsOneLineAMinuteWithTheCountOfTheRest() {
    for (int i = 0; i < 50; i++) {
      assertThat(send(NOT_UTF8).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("malformed request from 127.0.0.1 to puente.v1.HelperService/Register: ")
        .doesNotContain("\n");

    time.advance(Duration.ofSeconds(59));
    send(NOT_UTF8);
    assertThat(lines).hasSize(1);

    time.advance(Duration.ofSeconds(2));
    send(NOT_UTF8);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).endsWith("(50 more since the last line)");
    assertThat(served).isEmpty();
  }

  @Test
  void aReadableRequestStillReachesTheService() {
    byte[] fine = RegisterRequest.newBuilder().setLicenceKey("LIC-1").build().toByteArray();

    assertThat(send(fine)).isNull();
    assertThat(served).extracting(RegisterRequest::getLicenceKey).containsExactly("LIC-1");
    assertThat(lines).isEmpty();
  }

  private StatusRuntimeException send(byte[] bytes) {
    MethodDescriptor<byte[], byte[]> register =
        RawCalls.of(
            HelperServiceGrpc.getRegisterMethod().getFullMethodName(),
            MethodDescriptor.MethodType.UNARY);
    return catchThrowableOfType(
        () -> ClientCalls.blockingUnaryCall(channel, register, CallOptions.DEFAULT, bytes),
        StatusRuntimeException.class);
  }

  /** A helper service that records what it was asked. */
  private final class Recording extends HelperServiceGrpc.HelperServiceImplBase {
    @Override
    public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
      served.add(request);
      response.onNext(RegisterResponse.newBuilder().setCode("123 456 789").build());
      response.onCompleted();
    }
  }
}
