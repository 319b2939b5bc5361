package puente.agent;

import com.google.protobuf.Timestamp;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import puente.client.ChannelListener;
import puente.client.Endpoint;
import puente.client.RefusalStatus;
import puente.client.TunnelMux;
import puente.client.testing.TunnelSwitch;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndReason;
import puente.v1.EndSessionRequest;
import puente.v1.EndSessionResponse;
import puente.v1.EscalateRequest;
import puente.v1.EscalateResponse;
import puente.v1.Escalation;
import puente.v1.ListEscalationsRequest;
import puente.v1.ListEscalationsResponse;
import puente.v1.ListSessionsRequest;
import puente.v1.ListSessionsResponse;
import puente.v1.LiveSessionInfo;
import puente.v1.LoginRequest;
import puente.v1.LoginResponse;
import puente.v1.LogoutRequest;
import puente.v1.LogoutResponse;
import puente.v1.MachineIdentity;
import puente.v1.Notice;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.Refusal;
import puente.v1.RefusalReason;
import puente.v1.RelayFrame;
import puente.v1.SessionEnded;

/**
 * A stand-in for the broker's agent service on a real gRPC server: one user, one valid code, and
 * the customer's tunnel end played by a real helper-side mux connected to a local service, joined
 * to the agent through a {@link TunnelSwitch}. Tests push session events with {@link #send} and
 * read what the agent sent in {@link #fromAgent}.
 */
final class FakeAgentBroker extends AgentServiceGrpc.AgentServiceImplBase implements AutoCloseable {
  static final String PASSWORD = "correcto";
  static final String TOKEN = "token-ana";
  static final String CODE = "123456789";

  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> languages = new CopyOnWriteArrayList<>();
  final List<String> endedSessions = new CopyOnWriteArrayList<>();
  final List<String> loggedOut = new CopyOnWriteArrayList<>();
  final List<AgentMessage> fromAgent = new CopyOnWriteArrayList<>();
  final List<EscalateRequest> escalations = new CopyOnWriteArrayList<>();
  volatile List<Escalation> queue = List.of();
  volatile List<LiveSessionInfo> live = List.of();
  private final TunnelSwitch tunnels;
  private final TunnelMux customerTunnel;
  private final Server server;
  private volatile StreamObserver<AgentEvent> agent;

  FakeAgentBroker(Endpoint customerService) throws IOException {
    tunnels = TunnelSwitch.start();
    customerTunnel =
        TunnelMux.helperSide(
            tunnels.helperSink(), customerService, tunnels.dialer(), ChannelListener.NONE);
    tunnels.deliverTo(
        frame ->
            send(
                AgentEvent.newBuilder().setRelay(RelayFrame.newBuilder().setTunnel(frame)).build()),
        customerTunnel::receive);
    server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .addService(ServerInterceptors.intercept(this, new HeaderRecorder()))
            .build()
            .start();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
    if (!request.getUsername().equals("ana") || !request.getPassword().equals(PASSWORD)) {
      response.onError(
          refusal(
              Status.Code.UNAUTHENTICATED,
              RefusalReason.UNAUTHENTICATED,
              "Usuario o contraseña incorrectos."));
      return;
    }
    response.onNext(
        LoginResponse.newBuilder()
            .setToken(TOKEN)
            .setDisplayName("Ana López")
            .setRole("agent")
            .setExpiresAt(at(Instant.now().plusSeconds(8 * 3600)))
            .build());
    response.onCompleted();
  }

  @Override
  public void openSession(OpenSessionRequest request, StreamObserver<OpenSessionResponse> out) {
    if (!authorized()) {
      out.onError(
          refusal(Status.Code.UNAUTHENTICATED, RefusalReason.UNAUTHENTICATED, "Su acceso venció."));
      return;
    }
    if (!request.getCode().equals(CODE)) {
      out.onError(
          refusal(
              Status.Code.NOT_FOUND,
              RefusalReason.CODE_INVALID,
              "El código no es válido. Pida al cliente un código nuevo."));
      return;
    }
    out.onNext(
        OpenSessionResponse.newBuilder()
            .setSessionId("S-1")
            .setTicketId("T-1")
            .setCustomerName("Contadores del Bajío")
            .setMachine(MachineIdentity.newBuilder().setHostname("caja-1").setOs("Windows 11"))
            .setOfferedService("TCP 127.0.0.1:5900")
            .setAccess(request.getAccess())
            .build());
    out.onCompleted();
  }

  @Override
  public StreamObserver<AgentMessage> attach(StreamObserver<AgentEvent> events) {
    agent = events;
    return new StreamObserver<>() {
      @Override
      public void onNext(AgentMessage message) {
        if (!message.hasRelay()) {
          fromAgent.add(message);
        }
        if (message.hasJoin() && message.getJoin().getSessionId().equals("S-denied")) {
          synchronized (FakeAgentBroker.this) {
            events.onError(
                refusal(
                    Status.Code.PERMISSION_DENIED,
                    RefusalReason.PERMISSION_DENIED,
                    "No puede unirse a esta sesión."));
          }
        } else if (message.hasLeave()) {
          synchronized (FakeAgentBroker.this) {
            events.onCompleted();
          }
        } else if (message.hasJoin()) {
          send(
              AgentEvent.newBuilder()
                  .setJoined(
                      AgentEvent.Joined.newBuilder()
                          .setSessionId(message.getJoin().getSessionId())
                          .setHasControl(true))
                  .build());
        } else if (message.getRelay().hasTunnel()) {
          tunnels.fromAgent(message.getRelay().getTunnel());
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }

  @Override
  public void endSession(EndSessionRequest request, StreamObserver<EndSessionResponse> out) {
    endedSessions.add(request.getSessionId());
    out.onNext(EndSessionResponse.getDefaultInstance());
    out.onCompleted();
    if (agent != null) {
      send(
          AgentEvent.newBuilder()
              .setEnded(
                  SessionEnded.newBuilder()
                      .setReason(EndReason.ENDED_BY_AGENT)
                      .setMessage("El agente terminó la sesión."))
              .build());
      synchronized (this) {
        agent.onCompleted();
      }
    }
  }

  @Override
  public void logout(LogoutRequest request, StreamObserver<LogoutResponse> out) {
    if (!authorized()) {
      out.onError(
          refusal(Status.Code.UNAUTHENTICATED, RefusalReason.UNAUTHENTICATED, "Su acceso venció."));
      return;
    }
    loggedOut.add(authorizations.get(authorizations.size() - 1));
    out.onNext(LogoutResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void escalate(EscalateRequest request, StreamObserver<EscalateResponse> out) {
    escalations.add(request);
    out.onNext(EscalateResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void listEscalations(
      ListEscalationsRequest request, StreamObserver<ListEscalationsResponse> out) {
    out.onNext(ListEscalationsResponse.newBuilder().addAllEscalations(queue).build());
    out.onCompleted();
  }

  @Override
  public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> out) {
    if (live.isEmpty()) {
      out.onError(
          refusal(
              Status.Code.PERMISSION_DENIED,
              RefusalReason.PERMISSION_DENIED,
              "Su perfil no permite esta acción."));
      return;
    }
    out.onNext(ListSessionsResponse.newBuilder().addAllSessions(live).build());
    out.onCompleted();
  }

  /** Sends the attached agent a notice, as the broker does before closing time (P12). */
  void notice(String message) {
    send(
        AgentEvent.newBuilder()
            .setNotice(Notice.newBuilder().setKind(Notice.Kind.CLOSING_SOON).setMessage(message))
            .build());
  }

  /** Sends an event on the agent's stream, as the broker would. */
  synchronized void send(AgentEvent event) {
    agent.onNext(event);
  }

  private boolean authorized() {
    return !authorizations.isEmpty()
        && authorizations.get(authorizations.size() - 1).equals("Bearer " + TOKEN);
  }

  @Override
  public void close() throws IOException {
    customerTunnel.close();
    tunnels.close();
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static RuntimeException refusal(Status.Code code, RefusalReason reason, String text) {
    return RefusalStatus.toException(
        code, Refusal.newBuilder().setReason(reason).setMessage(text).build());
  }

  private static Timestamp at(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
  }

  private final class HeaderRecorder implements ServerInterceptor {
    private final Metadata.Key<String> authorization =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final Metadata.Key<String> acceptLanguage =
        Metadata.Key.of("accept-language", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String bearer = headers.get(authorization);
      authorizations.add(bearer == null ? "" : bearer);
      languages.add(String.valueOf(headers.get(acceptLanguage)));
      return next.startCall(call, headers);
    }
  }
}
