package puente.broker.grpc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.function.Consumer;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.v1.RefusalReason;

/**
 * Answers a request that does not parse (invalid UTF-8 in a string, a truncated or wrongly typed
 * field, nesting past protobuf's limit) with INVALID_REQUEST in the caller's language, instead of
 * the UNKNOWN and error stack gRPC gives a message its marshaller cannot read.
 *
 * <p>Anyone can send such bytes, so each source gets at most one log line per {@link #LOG_EVERY},
 * which counts the ones not logged since the last; nothing of the request's content is logged.
 */
final class MalformedRequests implements ServerInterceptor {
  static final Duration LOG_EVERY = Duration.ofMinutes(1);

  private final BrokerMetrics metrics;
  private final Consumer<String> log;
  private final Ticker ticker;
  private final Cache<String, Window> sources;

  /**
   * @param log where the one-line reports go
   * @param ticker measures the quiet minute
   */
  MalformedRequests(BrokerMetrics metrics, Consumer<String> log, Ticker ticker) {
    this.metrics = metrics;
    this.log = log;
    this.ticker = ticker;
    this.sources =
        Caffeine.newBuilder()
            .expireAfterAccess(LOG_EVERY.multipliedBy(10))
            .maximumSize(10_000)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /**
   * A service whose requests are parsed under this guard. The service's own interceptors run inside
   * it, on parsed messages.
   */
  ServerServiceDefinition guard(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service), this);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ClosingWatched<Q, R> watched = new ClosingWatched<>(call);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
        next.startCall(watched, headers)) {
      private boolean refused;

      @Override
      public void onMessage(Q message) {
        if (refused) {
          return;
        }
        try {
          super.onMessage(message);
        } catch (StatusRuntimeException e) {
          if (!(e.getCause() instanceof InvalidProtocolBufferException unreadable)) {
            throw e;
          }
          refused = true;
          refuse(watched, headers, unreadable);
        }
      }

      @Override
      public void onHalfClose() {
        if (!refused) {
          super.onHalfClose();
        }
      }
    };
  }

  private void refuse(
      ClosingWatched<?, ?> call, Metadata headers, InvalidProtocolBufferException unreadable) {
    String source = CallContext.hostOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    String method = call.getMethodDescriptor().getFullMethodName();
    metrics.refused(RefusalReason.INVALID_REQUEST);
    report(source, method, unreadable.getMessage());
    StatusRuntimeException status =
        Refusals.refusal(
            RefusalReason.INVALID_REQUEST,
            Messages.resolve(headers.get(CallContext.ACCEPT_LANGUAGE)),
            "request.malformed");
    if (!call.closed) {
      // An interceptor inside (authentication) may have answered already.
      call.close(status.getStatus(), status.getTrailers());
    }
  }

  /** A call that remembers whether it was closed. */
  private static final class ClosingWatched<Q, R>
      extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private volatile boolean closed;

    ClosingWatched(ServerCall<Q, R> call) {
      super(call);
    }

    @Override
    public void close(Status status, Metadata trailers) {
      closed = true;
      super.close(status, trailers);
    }
  }

  private void report(String source, String method, String why) {
    String since = sources.get(source, key -> new Window()).admit(ticker.read());
    if (since != null) {
      log.accept(
          "malformed request from " + source + " to " + method + ": " + firstLine(why) + since);
    }
  }

  /** One source's log budget. */
  private static final class Window {
    private long lastLine;
    private boolean logged;
    private long suppressed;

    /** The tail of a log line if one may be written now, else null (and counted). */
    synchronized String admit(long now) {
      if (logged && now - lastLine < LOG_EVERY.toNanos()) {
        suppressed++;
        return null;
      }
      String since = suppressed == 0 ? "" : " (" + suppressed + " more since the last line)";
      logged = true;
      lastLine = now;
      suppressed = 0;
      return since;
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
