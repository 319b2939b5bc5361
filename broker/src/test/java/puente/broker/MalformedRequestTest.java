package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import puente.broker.auth.Role;
import puente.client.RefusalStatus;
import puente.v1.HelperServiceGrpc;
import puente.v1.MachineIdentity;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;
import puente.v1.TicketServiceGrpc;

/**
 * Bytes that are not a request, sent with a raw gRPC client on a real socket: each gets
 * INVALID_REQUEST in the caller's language, nothing is stored, and the broker keeps serving.
 */
class MalformedRequestTest {
  private BrokerFixture broker;

  @BeforeEach
  void start() throws IOException {
    broker = BrokerFixture.start(Clock.systemUTC());
  }

  @AfterEach
  void stop() throws InterruptedException {
    broker.close();
  }

  /** Ways a request's bytes can be broken. */
  enum Broken {
    /** licence_key (field 1) holding "\xC3(": not UTF-8. */
    INVALID_UTF8(new byte[] {0x0A, 0x02, (byte) 0xC3, 0x28}),
    /** A string announced as 5 bytes, with 1. */
    TRUNCATED(new byte[] {0x0A, 0x05, 'a'}),
    /** A length that does not fit in a varint. */
    OVERLONG_VARINT(new byte[] {0x0A, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x01}),
    /** 500 unknown groups, one inside the other: past protobuf's nesting limit. */
    DEEP_NESTING(deeplyNested(500)),
    /** An end-group tag that was never opened. */
    STRAY_END_GROUP(new byte[] {0x0C});

    final byte[] bytes;

    Broken(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  @ParameterizedTest
  @EnumSource(Broken.class)
  void aRegistrationThatDoesNotParseIsRefusedAsInvalidInSpanish(Broken broken) {
    StatusRuntimeException refused = register(broken.bytes, null);

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    Refusal refusal = RefusalStatus.fromThrowable(refused).orElseThrow();
    assertThat(refusal.getReason()).isEqualTo(RefusalReason.INVALID_REQUEST);
    assertThat(refusal.getMessage()).startsWith("No se pudo leer la solicitud");
    assertThat(refused.getStatus().getDescription()).doesNotContain("Exception", "\tat ");
    assertThat(brokerStillRegisters()).isTrue();
  }

  @Test
  void theRefusalIsInEnglishWhenTheCallerAsksForIt() {
    StatusRuntimeException refused = register(Broken.INVALID_UTF8.bytes, "en");

    assertThat(RefusalStatus.fromThrowable(refused).orElseThrow().getMessage())
        .startsWith("The request could not be read");
  }

  @Test
  void aStreamWhoseFirstMessageDoesNotParseIsClosedAsInvalid() throws Exception {
    MethodDescriptor<byte[], byte[]> connect =
        raw(
            HelperServiceGrpc.getConnectMethod().getFullMethodName(),
            MethodDescriptor.MethodType.BIDI_STREAMING);
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call =
        broker.channel().newCall(connect, io.grpc.CallOptions.DEFAULT);
    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            call,
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(t);
              }

              @Override
              public void onCompleted() {
                ended.complete(null);
              }
            });
    requests.onNext(Broken.INVALID_UTF8.bytes);

    Throwable failure = ended.get(10, TimeUnit.SECONDS);
    assertThat(Status.fromThrowable(failure).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(RefusalStatus.fromThrowable(failure).orElseThrow().getReason())
        .isEqualTo(RefusalReason.INVALID_REQUEST);
    requests.onCompleted();
  }

  @Test
  void aStaffCallIsAuthenticatedFirstThenRefusedAsInvalid() {
    MethodDescriptor<byte[], byte[]> addNote =
        raw(
            TicketServiceGrpc.getAddNoteMethod().getFullMethodName(),
            MethodDescriptor.MethodType.UNARY);
    byte[] badNote = {0x12, 0x02, (byte) 0xC3, 0x28};
    broker.addAgent("ana", "Ana", Role.AGENT);

    StatusRuntimeException stranger =
        catchThrowableOfType(
            () ->
                ClientCalls.blockingUnaryCall(
                    broker.channel(), addNote, io.grpc.CallOptions.DEFAULT, badNote),
            StatusRuntimeException.class);
    CallOptions asStaff =
        io.grpc.CallOptions.DEFAULT.withCallCredentials(BrokerFixture.bearer(broker.login("ana")));
    StatusRuntimeException staff =
        catchThrowableOfType(
            () -> ClientCalls.blockingUnaryCall(broker.channel(), addNote, asStaff, badNote),
            StatusRuntimeException.class);

    assertThat(stranger.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(staff.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(RefusalStatus.fromThrowable(staff).orElseThrow().getReason())
        .isEqualTo(RefusalReason.INVALID_REQUEST);
  }

  private StatusRuntimeException register(byte[] bytes, String language) {
    MethodDescriptor<byte[], byte[]> register =
        raw(
            HelperServiceGrpc.getRegisterMethod().getFullMethodName(),
            MethodDescriptor.MethodType.UNARY);
    ManagedChannel channel = broker.channel();
    io.grpc.Channel target = channel;
    if (language != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("accept-language", Metadata.ASCII_STRING_MARSHALLER), language);
      target =
          io.grpc.ClientInterceptors.intercept(
              channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    io.grpc.Channel call = target;
    return catchThrowableOfType(
        () -> ClientCalls.blockingUnaryCall(call, register, io.grpc.CallOptions.DEFAULT, bytes),
        StatusRuntimeException.class);
  }

  private boolean brokerStillRegisters() {
    return !broker
        .helper()
        .register(
            RegisterRequest.newBuilder()
                .setLicenceKey(BrokerFixture.LICENCE)
                .setProduct("contabilidad")
                .setInstalledVersion("2026.3")
                .setMachine(MachineIdentity.newBuilder().setMachineId("m-1").setHostname("caja-1"))
                .build())
        .getCode()
        .isEmpty();
  }

  private static MethodDescriptor<byte[], byte[]> raw(
      String fullName, MethodDescriptor.MethodType type) {
    return RawCalls.of(fullName, type);
  }

  private static byte[] deeplyNested(int depth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < depth; i++) {
      out.write(0x7B); // field 15, start group
    }
    for (int i = 0; i < depth; i++) {
      out.write(0x7C); // field 15, end group
    }
    return out.toByteArray();
  }
}
