package puente.client;

import static java.util.Objects.requireNonNull;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import puente.v1.AgentServiceGrpc;
import puente.v1.HelperServiceGrpc;

/**
 * Builds the apps' gRPC channel to the broker, and the per-call metadata they send.
 *
 * <p>Transport security rule (the broker only listens in plaintext on loopback):
 *
 * <ul>
 *   <li>a CA/certificate PEM file given ({@code --tls-ca}) → TLS trusting that file;
 *   <li>plaintext explicitly asked for ({@code --plaintext}) → plaintext, for development;
 *   <li>a loopback broker ({@code localhost}, {@code 127.x}, {@code ::1}) → plaintext;
 *   <li>anything else → TLS trusting the system's certificate authorities.
 * </ul>
 */
public final class BrokerChannels {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> ACCEPT_LANGUAGE =
      Metadata.Key.of("accept-language", Metadata.ASCII_STRING_MARSHALLER);

  private BrokerChannels() {}

  /**
   * Chooses the transport security for a broker address by the rule in the class comment.
   *
   * @param broker the broker's address
   * @param tlsCa a PEM file of trusted certificates, or null
   * @param plaintext whether the user explicitly asked for plaintext
   * @return the channel credentials
   * @throws IOException if the PEM file cannot be read
   * @throws IllegalArgumentException if both a CA file and plaintext were asked for
   */
  public static ChannelCredentials credentials(Endpoint broker, Path tlsCa, boolean plaintext)
      throws IOException {
    return switch (security(broker, tlsCa, plaintext)) {
      case TLS_TRUSTING_FILE ->
          TlsChannelCredentials.newBuilder().trustManager(tlsCa.toFile()).build();
      case PLAINTEXT -> InsecureChannelCredentials.create();
      case TLS_TRUSTING_SYSTEM -> TlsChannelCredentials.create();
    };
  }

  /** The transport security the rule in the class comment chooses. */
  enum Security {
    PLAINTEXT,
    TLS_TRUSTING_FILE,
    TLS_TRUSTING_SYSTEM
  }

  /**
   * Applies the rule in the class comment; the data port ({@link LaneDialer}) follows the same one.
   */
  static Security security(Endpoint broker, Path tlsCa, boolean plaintext) {
    requireNonNull(broker, "broker");
    if (tlsCa != null && plaintext) {
      throw new IllegalArgumentException("--tls-ca and --plaintext exclude each other");
    }
    if (tlsCa != null) {
      return Security.TLS_TRUSTING_FILE;
    }
    if (plaintext || broker.isLoopback()) {
      return Security.PLAINTEXT;
    }
    return Security.TLS_TRUSTING_SYSTEM;
  }

  /**
   * Opens a channel to the broker that asks for messages in the given locale.
   *
   * @param broker the broker's address
   * @param credentials from {@link #credentials(Endpoint, Path, boolean)}
   * @param locale the locale for the broker's messages ({@code accept-language})
   * @return a channel; the caller shuts it down
   */
  public static ManagedChannel open(
      Endpoint broker, ChannelCredentials credentials, Locale locale) {
    requireNonNull(broker, "broker");
    return Grpc.newChannelBuilderForAddress(broker.host(), broker.port(), credentials)
        .intercept(acceptLanguage(locale), relayTuning())
        .build();
  }

  /**
   * Bytes a stream may have queued for its transport and still be ready. gRPC's default (32 KiB) is
   * below one tunnel chunk ({@link Tunnel#MAX_CHUNK}): a sender would wait for each frame to reach
   * the socket before reading the next.
   */
  public static final int READY_THRESHOLD = 512 * 1024;

  private static final Set<String> RELAY_STREAMS =
      Set.of(
          HelperServiceGrpc.getConnectMethod().getFullMethodName(),
          AgentServiceGrpc.getAttachMethod().getFullMethodName());

  /**
   * Tunes calls for relaying: every call may queue {@link #READY_THRESHOLD} bytes and stay ready,
   * and the relay streams' callbacks run on the transport thread instead of being handed to a pool
   * thread for each frame. That is safe because a {@link BrokerStream.Listener} never blocks.
   *
   * @return an interceptor
   */
  public static ClientInterceptor relayTuning() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        CallOptions tuned = options.withOnReadyThreshold(READY_THRESHOLD);
        if (RELAY_STREAMS.contains(method.getFullMethodName())) {
          tuned = tuned.withExecutor(Runnable::run);
        }
        return next.newCall(method, tuned);
      }
    };
  }

  /**
   * Adds {@code accept-language: <tag>} to every call.
   *
   * @param locale the locale, sent as its BCP 47 tag
   * @return an interceptor
   */
  public static ClientInterceptor acceptLanguage(Locale locale) {
    Metadata headers = new Metadata();
    headers.put(ACCEPT_LANGUAGE, locale.toLanguageTag());
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /**
   * Sends {@code authorization: Bearer <token>} on each call.
   *
   * @param token the agent's access token from {@code Login}
   * @return call credentials for {@code stub.withCallCredentials(..)}
   */
  public static CallCredentials bearer(String token) {
    requireNonNull(token, "token");
    return new BearerToken(token);
  }

  private static final class BearerToken extends CallCredentials {
    private final String token;

    BearerToken(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(
        RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
      try {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
      } catch (RuntimeException e) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("bad token").withCause(e));
      }
    }
  }
}
