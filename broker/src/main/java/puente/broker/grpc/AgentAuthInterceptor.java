package puente.broker.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import puente.broker.auth.Agent;
import puente.broker.auth.ApiKey;
import puente.broker.auth.Secrets;
import puente.broker.auth.TokenService;
import puente.v1.AgentServiceGrpc;
import puente.v1.RefusalReason;

/**
 * Authenticates every staff call except {@code Login} by its bearer token. A missing, unknown,
 * revoked or expired token, and any API key, ends the call with UNAUTHENTICATED before any service
 * code runs.
 */
final class AgentAuthInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "Bearer ";

  private final TokenService tokens;

  AgentAuthInterceptor(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (call.getMethodDescriptor().equals(AgentServiceGrpc.getLoginMethod())) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    String token =
        header != null && header.startsWith(BEARER) ? header.substring(BEARER.length()).trim() : "";
    // An API key is never staff: it is refused here like any unknown token, before any lookup.
    Optional<Agent> agent =
        token.isEmpty() || token.startsWith(ApiKey.PREFIX)
            ? Optional.empty()
            : tokens.authenticate(token);
    if (agent.isEmpty()) {
      StatusRuntimeException refusal =
          Refusals.refusal(
              RefusalReason.UNAUTHENTICATED,
              CallContext.locale(),
              header == null ? "auth.required" : "auth.expired");
      call.close(
          refusal.getStatus(),
          refusal.getTrailers() == null ? new Metadata() : refusal.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    Context context =
        Context.current()
            .withValue(CallContext.AGENT, agent.get())
            .withValue(CallContext.CREDENTIAL, Secrets.digest(token));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
