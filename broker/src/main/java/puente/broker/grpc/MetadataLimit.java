package puente.broker.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses a call whose metadata is over {@code limits.grpc.maxMetadataBytes} with
 * RESOURCE_EXHAUSTED before any service sees it. gRPC's transport alone would answer HTTP 431,
 * which a gRPC client reports as an unexplained UNKNOWN or INTERNAL; so the transport's own limit
 * is set higher ({@link #transportCeiling}) and this measures what arrived the way HTTP/2 does.
 */
final class MetadataLimit implements ServerInterceptor {
  // RFC 7540 §6.5.2 counts each header as its name, its value and 32 bytes of overhead.
  private static final int PER_HEADER = 32;
  // The transport keeps its own limit this many times higher: still a bound per stream, and far
  // enough above ours that a call over ours reaches this interceptor.
  private static final int CEILING_FACTOR = 4;

  private final int maxBytes;

  MetadataLimit(int maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    this.maxBytes = maxBytes;
  }

  /** The limit the transport itself enforces (HTTP 431 above it, the connection closed further). */
  static int transportCeiling(int maxBytes) {
    return Math.multiplyExact(maxBytes, CEILING_FACTOR);
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    long size = size(call.getMethodDescriptor().getFullMethodName(), headers);
    if (size > maxBytes) {
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "metadata: " + size + " bytes (expected: at most " + maxBytes + ")"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  /** The header block's size as HTTP/2 counts it, for the headers gRPC hands to services. */
  static long size(String fullMethodName, Metadata headers) {
    // ":path" is the one pseudo-header a caller chooses freely.
    long size = ":path".length() + 1 + fullMethodName.length() + PER_HEADER;
    for (String name : headers.keys()) {
      Iterable<byte[]> values =
          name.endsWith(Metadata.BINARY_HEADER_SUFFIX)
              ? headers.getAll(Metadata.Key.of(name, Metadata.BINARY_BYTE_MARSHALLER))
              : asBytes(headers.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
      if (values == null) {
        continue;
      }
      for (byte[] value : values) {
        size += name.length() + value.length + PER_HEADER;
      }
    }
    return size;
  }

  private static Iterable<byte[]> asBytes(Iterable<String> values) {
    if (values == null) {
      return null;
    }
    List<byte[]> bytes = new ArrayList<>();
    values.forEach(v -> bytes.add(v.getBytes(StandardCharsets.US_ASCII)));
    return bytes;
  }
}
