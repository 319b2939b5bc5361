package puente.broker.grpc;

import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import puente.broker.auth.TokenService;
import puente.broker.session.FrameRouter;
import puente.broker.session.SessionService;
import puente.broker.ticket.TicketDesk;

/** Adds Puente's services, with their interceptors, to a server under construction. */
public final class GrpcServices {
  private GrpcServices() {}

  /**
   * Adds the helper, staff and ticket services.
   *
   * @param builder the server being built (Netty in production and in tests)
   * @param desk staff's work on tickets
   */
  public static void addTo(
      ServerBuilder<?> builder,
      SessionService sessions,
      FrameRouter router,
      TokenService tokens,
      TicketDesk desk) {
    CallContext context = new CallContext();
    builder.addService(
        ServerInterceptors.intercept(new HelperGrpcService(sessions, router), context));
    // intercept() runs the last interceptor first: the context is set before authentication.
    builder.addService(
        ServerInterceptors.intercept(
            new AgentGrpcService(sessions, router, tokens),
            new AgentAuthInterceptor(tokens),
            context));
    builder.addService(
        ServerInterceptors.intercept(
            new TicketGrpcService(desk), new AgentAuthInterceptor(tokens), context));
  }
}
