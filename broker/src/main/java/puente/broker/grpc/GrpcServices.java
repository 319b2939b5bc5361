package puente.broker.grpc;

import com.github.benmanes.caffeine.cache.Ticker;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import java.util.concurrent.Executor;
import org.slf4j.LoggerFactory;
import puente.broker.auth.TokenService;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.session.FrameRouter;
import puente.broker.session.SessionService;
import puente.broker.ticket.TicketDesk;

/** Adds Puente's services, with their interceptors, to a server under construction. */
public final class GrpcServices {
  private GrpcServices() {}

  /**
   * Adds the helper, staff and ticket services. The relay streams run on their transport threads
   * (see {@link RelayCallExecutors}); their control messages and every unary call run on pools.
   *
   * @param builder the server being built (Netty in production and in tests)
   * @param desk staff's work on tickets
   * @param controlPool runs the relay streams' control messages, which may block on the database
   * @param metrics counts requests that do not parse
   * @param ticker paces the log lines about them
   */
  public static void addTo(
      ServerBuilder<?> builder,
      SessionService sessions,
      FrameRouter router,
      TokenService tokens,
      TicketDesk desk,
      Executor controlPool,
      BrokerMetrics metrics,
      Ticker ticker) {
    CallContext context = new CallContext();
    MalformedRequests malformed =
        new MalformedRequests(
            metrics, LoggerFactory.getLogger(MalformedRequests.class)::warn, ticker);
    builder.callExecutor(new RelayCallExecutors());
    builder.addService(
        malformed.guard(
            ServerInterceptors.intercept(
                new HelperGrpcService(sessions, router, controlPool), context)));
    // intercept() runs the last interceptor first: the context is set before authentication.
    builder.addService(
        malformed.guard(
            ServerInterceptors.intercept(
                new AgentGrpcService(sessions, router, tokens, controlPool),
                new AgentAuthInterceptor(tokens),
                context)));
    builder.addService(
        malformed.guard(
            ServerInterceptors.intercept(
                new TicketGrpcService(desk), new AgentAuthInterceptor(tokens), context)));
  }
}
