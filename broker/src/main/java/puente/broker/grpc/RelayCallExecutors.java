package puente.broker.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.Set;
import java.util.concurrent.Executor;
import puente.v1.AgentServiceGrpc;
import puente.v1.HelperServiceGrpc;

/**
 * Runs the two relay streams' callbacks on their transport threads and every other call on the
 * server's pool. Handing each relayed frame to a pool thread and back cost the broker about a third
 * of its CPU per relayed GiB and halved one session's throughput (docs/BENCHMARKS.md); the streams'
 * database work goes to a {@link StreamLane} instead.
 */
final class RelayCallExecutors implements ServerCallExecutorSupplier {
  private static final Executor TRANSPORT_THREAD = Runnable::run;
  private static final Set<String> RELAY_STREAMS =
      Set.of(
          HelperServiceGrpc.getConnectMethod().getFullMethodName(),
          AgentServiceGrpc.getAttachMethod().getFullMethodName());

  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata metadata) {
    MethodDescriptor<Q, R> method = call.getMethodDescriptor();
    return RELAY_STREAMS.contains(method.getFullMethodName()) ? TRANSPORT_THREAD : null;
  }
}
