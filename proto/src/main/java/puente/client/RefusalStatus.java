package puente.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.Optional;
import puente.v1.Refusal;

/**
 * Carries a {@link Refusal} in the details of a gRPC status, the one way the broker reports a
 * refusal and the one way the apps read it back.
 */
public final class RefusalStatus {
  private RefusalStatus() {}

  /**
   * Builds the exception the broker returns for a refusal.
   *
   * @param code the gRPC status code that matches the refusal's reason
   * @param refusal the refusal, with its message already in the caller's locale
   * @return an exception whose status description is the refusal's message and whose details hold
   *     the refusal
   */
  public static StatusRuntimeException toException(Status.Code code, Refusal refusal) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(refusal.getMessage())
            .addDetails(Any.pack(refusal))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /**
   * Reads the refusal out of a failed call.
   *
   * @param failure what a stub threw or passed to {@code onError}
   * @return the refusal, or empty if the failure carries none (e.g. a network error)
   */
  public static Optional<Refusal> fromThrowable(Throwable failure) {
    com.google.rpc.Status status = StatusProto.fromThrowable(failure);
    if (status == null) {
      return Optional.empty();
    }
    for (Any detail : status.getDetailsList()) {
      if (detail.is(Refusal.class)) {
        try {
          return Optional.of(detail.unpack(Refusal.class));
        } catch (InvalidProtocolBufferException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
