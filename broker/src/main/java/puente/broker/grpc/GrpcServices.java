package puente.broker.grpc;

import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import puente.broker.auth.TokenService;
import puente.broker.session.FrameRouter;
import puente.broker.session.SessionService;

/** Adds Puente's services, with their interceptors, to a server under construction. */
public final class GrpcServices {
  private GrpcServices() {}

  /**
   * Adds the helper and staff services.
   *
   * @param builder the server being built (Netty in production and in tests)
   */
  public static void addTo(
      ServerBuilder<?> builder, SessionService sessions, FrameRouter router, TokenService tokens) {
    CallContext context = new CallContext();
    builder.addService(
        ServerInterceptors.intercept(new HelperGrpcService(sessions, router), context));
    // intercept() runs the last interceptor first: the context is set before authentication.
    builder.addService(
        ServerInterceptors.intercept(
            new AgentGrpcService(sessions, router, tokens),
            new AgentAuthInterceptor(tokens),
            context));
  }
}
