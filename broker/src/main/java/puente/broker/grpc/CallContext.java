package puente.broker.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import puente.broker.auth.Agent;
import puente.broker.i18n.Messages;

/**
 * What the broker knows about the caller of the current call: their address, their locale ({@code
 * accept-language}), and, for staff calls, who they are.
 */
final class CallContext implements ServerInterceptor {
  static final Context.Key<String> SOURCE = Context.key("puente-source");
  static final Context.Key<Locale> LOCALE = Context.key("puente-locale");
  static final Context.Key<Agent> AGENT = Context.key("puente-agent");
  // The digest of the staff token the call was made with: streams end when it is revoked.
  static final Context.Key<String> CREDENTIAL = Context.key("puente-credential");
  static final Metadata.Key<String> ACCEPT_LANGUAGE =
      Metadata.Key.of("accept-language", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    Context context =
        Context.current()
            .withValue(SOURCE, hostOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)))
            .withValue(LOCALE, Messages.resolve(headers.get(ACCEPT_LANGUAGE)));
    return Contexts.interceptCall(context, call, headers, next);
  }

  static String source() {
    String source = SOURCE.get();
    return source == null ? "unknown" : source;
  }

  static Locale locale() {
    Locale locale = LOCALE.get();
    return locale == null ? Messages.SPANISH_MEXICO : locale;
  }

  static String hostOf(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }
}
