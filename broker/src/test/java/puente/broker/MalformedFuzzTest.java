package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import puente.broker.auth.Role;
import puente.v1.AgentServiceGrpc;
import puente.v1.HelperServiceGrpc;
import puente.v1.MachineIdentity;
import puente.v1.RegisterRequest;
import puente.v1.TicketServiceGrpc;

/**
 * Every request type of the wire contract, sent as generated broken bytes by a raw client: cut
 * short, bytes flipped, random bytes, unknown fields, fields with the wrong wire type, strings that
 * are not UTF-8, nesting past the limit. Each call is answered with a status within a deadline,
 * never an internal error, and the broker goes on serving. The generator is seeded per method, so a
 * failure repeats.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedFuzzTest {
  private static final int CASES_PER_METHOD = 60;
  private static final Set<Status.Code> NEVER =
      EnumSet.of(Status.Code.UNKNOWN, Status.Code.INTERNAL, Status.Code.DATA_LOSS);

  private BrokerFixture broker;
  private CallOptions asStaff;

  @BeforeAll
  void start() throws IOException {
    broker = BrokerFixture.start(Clock.systemUTC());
    broker.addAgent("ana", "Ana López", Role.SUPERVISOR);
    asStaff = CallOptions.DEFAULT.withCallCredentials(BrokerFixture.bearer(broker.login("ana")));
  }

  @AfterAll
  void stop() throws InterruptedException {
    broker.close();
  }

  static Stream<MethodDescriptor<?, ?>> methods() {
    return Stream.of(
            HelperServiceGrpc.getServiceDescriptor(),
            AgentServiceGrpc.getServiceDescriptor(),
            TicketServiceGrpc.getServiceDescriptor())
        .map(ServiceDescriptor::getMethods)
        .flatMap(java.util.Collection::stream);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void brokenBytesGetAStatusInBoundedTimeAndTheBrokerGoesOn(MethodDescriptor<?, ?> method)
      throws Exception {
    Message prototype =
        (Message)
            ((MethodDescriptor.PrototypeMarshaller<?>) method.getRequestMarshaller())
                .getMessagePrototype();
    byte[] sample = filled(prototype.newBuilderForType(), 0).build().toByteArray();
    MethodDescriptor<byte[], byte[]> raw =
        RawCalls.of(method.getFullMethodName(), method.getType());
    Random random = new Random(method.getFullMethodName().hashCode());

    // A connection of its own per method: the broker rightly sends a client that resets too many
    // streams on one connection away, and the cases here reset one stream each.
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", broker.broker().grpcPort())
            .usePlaintext()
            .build();
    try {
      for (int i = 0; i < CASES_PER_METHOD; i++) {
        byte[] broken = mutate(sample, prototype, random, i);
        Status status = call(channel, raw, broken);
        assertThat(status.getCode())
            .as("%s with %s", method.getFullMethodName(), Arrays.toString(broken))
            .isNotIn(NEVER);
        assertThat(String.valueOf(status.getDescription())).doesNotContain("\tat ", "Exception");
      }
    } finally {
      channel.shutdownNow();
    }

    assertThat(broker.helper().register(valid()).getCode()).isNotEmpty();
  }

  /** Sends one message and waits for the call to end; streams are half-closed after it. */
  private Status call(ManagedChannel channel, MethodDescriptor<byte[], byte[]> raw, byte[] message)
      throws Exception {
    CallOptions options = asStaff.withDeadlineAfter(5, TimeUnit.SECONDS);
    if (raw.getType() == MethodDescriptor.MethodType.UNARY) {
      try {
        ClientCalls.blockingUnaryCall(channel, raw, options, message);
        return Status.OK;
      } catch (StatusRuntimeException e) {
        return e.getStatus();
      }
    }
    CompletableFuture<Status> ended = new CompletableFuture<>();
    ClientCall<byte[], byte[]> call = channel.newCall(raw, options);
    StreamObserver<byte[]> out =
        ClientCalls.asyncBidiStreamingCall(
            call,
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {}

              @Override
              public void onError(Throwable t) {
                ended.complete(Status.fromThrowable(t));
              }

              @Override
              public void onCompleted() {
                ended.complete(Status.OK);
              }
            });
    out.onNext(message);
    out.onCompleted();
    Status status = ended.get(10, TimeUnit.SECONDS);
    // A stream whose message parsed may wait for more; the deadline ends it, which is fine.
    return status.getCode() == Status.Code.DEADLINE_EXCEEDED ? Status.OK : status;
  }

  private static byte[] mutate(byte[] sample, Message prototype, Random random, int i)
      throws IOException {
    return switch (i % 8) {
      case 0 ->
          sample.length < 2
              ? new byte[] {0x0A}
              : Arrays.copyOf(sample, 1 + random.nextInt(sample.length - 1));
      case 1 -> flipped(sample, random);
      case 2 -> randomBytes(random);
      case 3 -> concat(sample, unknownField(random));
      case 4 -> concat(sample, wrongWireType(prototype, random));
      case 5 -> concat(sample, notUtf8(prototype, random));
      case 6 -> nested(64 + random.nextInt(400));
      default -> concat(randomBytes(random), sample);
    };
  }

  /** A message with every field set, nested messages two levels deep. */
  private static Message.Builder filled(Message.Builder builder, int depth) {
    for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
      Object value = sampleValue(builder, field, depth);
      if (value == null) {
        continue;
      }
      if (field.isRepeated()) {
        builder.addRepeatedField(field, value);
      } else if (field.getRealContainingOneof() == null
          || !builder.hasOneof(field.getRealContainingOneof())) {
        builder.setField(field, value);
      }
    }
    return builder;
  }

  private static Object sampleValue(Message.Builder builder, FieldDescriptor field, int depth) {
    return switch (field.getJavaType()) {
      case STRING -> "caja-1 ñ";
      case INT -> 7;
      case LONG -> 7L;
      case FLOAT -> 1.5f;
      case DOUBLE -> 1.5;
      case BOOLEAN -> true;
      case BYTE_STRING -> ByteString.copyFromUtf8("xyz");
      case ENUM -> field.getEnumType().getValues().get(field.getEnumType().getValues().size() - 1);
      case MESSAGE ->
          depth >= 2 || field.isMapField()
              ? null
              : filled(builder.newBuilderForField(field), depth + 1).build();
    };
  }

  private static byte[] flipped(byte[] sample, Random random) {
    byte[] copy = sample.length == 0 ? new byte[] {0x0A, 0x01, 0x00} : sample.clone();
    for (int n = 0; n < 1 + random.nextInt(4); n++) {
      copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return copy;
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(64)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] unknownField(Random random) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeUInt64(1000 + random.nextInt(50_000), random.nextLong());
    out.writeString(60_000 + random.nextInt(1000), "desconocido");
    out.flush();
    return bytes.toByteArray();
  }

  /** A known field number written with a wire type its declaration does not have. */
  private static byte[] wrongWireType(Message prototype, Random random) throws IOException {
    List<FieldDescriptor> fields = prototype.getDescriptorForType().getFields();
    int number = fields.isEmpty() ? 1 : fields.get(random.nextInt(fields.size())).getNumber();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    if (random.nextBoolean()) {
      out.writeFixed32(number, random.nextInt());
    } else {
      out.writeFixed64(number, random.nextLong());
    }
    out.flush();
    return bytes.toByteArray();
  }

  /** A string field (or field 1) holding bytes that are not UTF-8. */
  private static byte[] notUtf8(Message prototype, Random random) throws IOException {
    List<FieldDescriptor> strings = new ArrayList<>();
    for (FieldDescriptor field : prototype.getDescriptorForType().getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.STRING) {
        strings.add(field);
      }
    }
    int number = strings.isEmpty() ? 1 : strings.get(random.nextInt(strings.size())).getNumber();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeByteArray(number, new byte[] {'o', 'k', (byte) 0xC3, 0x28, (byte) 0xFF});
    out.flush();
    return bytes.toByteArray();
  }

  /** Length-delimited field 1 inside field 1 inside …, deeper than protobuf allows. */
  private static byte[] nested(int depth) {
    byte[] inner = "fondo".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < depth; i++) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(0x0A);
      int length = inner.length;
      while ((length & ~0x7F) != 0) {
        bytes.write((length & 0x7F) | 0x80);
        length >>>= 7;
      }
      bytes.write(length);
      bytes.writeBytes(inner);
      inner = bytes.toByteArray();
    }
    return inner;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static RegisterRequest valid() {
    return RegisterRequest.newBuilder()
        .setLicenceKey(BrokerFixture.LICENCE)
        .setProduct("contabilidad")
        .setInstalledVersion("2026.3")
        .setMachine(MachineIdentity.newBuilder().setMachineId("m-1").setHostname("caja-1"))
        .build();
  }
}
