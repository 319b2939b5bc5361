package puente.broker.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.Executor;
import puente.broker.auth.Agent;
import puente.broker.auth.TokenService;
import puente.broker.relay.Link;
import puente.broker.session.Admission;
import puente.broker.session.FrameRouter;
import puente.broker.session.LiveSession;
import puente.broker.session.SessionService;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.EndSessionRequest;
import puente.v1.EndSessionResponse;
import puente.v1.EscalateRequest;
import puente.v1.EscalateResponse;
import puente.v1.ListEscalationsRequest;
import puente.v1.ListEscalationsResponse;
import puente.v1.ListSessionsRequest;
import puente.v1.ListSessionsResponse;
import puente.v1.LoginRequest;
import puente.v1.LoginResponse;
import puente.v1.LogoutRequest;
import puente.v1.LogoutResponse;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.RefusalReason;

/** The staff service: translates calls to {@link SessionService} and back. */
final class AgentGrpcService extends AgentServiceGrpc.AgentServiceImplBase {
  private final SessionService sessions;
  private final FrameRouter router;
  private final TokenService tokens;
  private final Executor controlPool;

  /**
   * @param controlPool runs the streams' non-relay messages (see {@link StreamLane})
   */
  AgentGrpcService(
      SessionService sessions, FrameRouter router, TokenService tokens, Executor controlPool) {
    this.sessions = sessions;
    this.router = router;
    this.tokens = tokens;
    this.controlPool = controlPool;
  }

  @Override
  public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
    Optional<TokenService.IssuedToken> issued;
    try {
      sessions.beforeLogin(request.getUsername(), CallContext.source());
      issued = tokens.login(request.getUsername(), request.getPassword().toCharArray());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    if (issued.isEmpty()) {
      sessions.loginFailed(request.getUsername(), CallContext.source());
      response.onError(
          Refusals.refusal(RefusalReason.UNAUTHENTICATED, CallContext.locale(), "auth.failed"));
      return;
    }
    sessions.loginSucceeded(request.getUsername(), CallContext.source());
    response.onNext(
        LoginResponse.newBuilder()
            .setToken(issued.get().token())
            .setExpiresAt(
                com.google.protobuf.Timestamp.newBuilder()
                    .setSeconds(issued.get().expiresAt().getEpochSecond()))
            .setDisplayName(issued.get().agent().displayName())
            .setRole(issued.get().agent().role().wireName())
            .build());
    response.onCompleted();
  }

  @Override
  public void openSession(
      OpenSessionRequest request, StreamObserver<OpenSessionResponse> responseObserver) {
    ServerCallStreamObserver<OpenSessionResponse> response =
        (ServerCallStreamObserver<OpenSessionResponse>) responseObserver;
    Agent agent = CallContext.AGENT.get();
    java.util.concurrent.CompletableFuture<OpenSessionResponse> opening;
    try {
      opening =
          sessions.open(
              agent,
              request.getCode(),
              request.getAccess(),
              new Admission.Request(request.getCategory(), request.getAdvisory()),
              CallContext.source(),
              CallContext.locale());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    java.util.Locale locale = CallContext.locale();
    // An agent who gives up waiting for consent withdraws the request.
    response.setOnCancelHandler(() -> opening.cancel(false));
    opening.whenComplete(
        (opened, failure) -> {
          if (response.isCancelled()) {
            return;
          }
          if (failure != null) {
            response.onError(Refusals.toStatus(failure, locale));
          } else {
            response.onNext(opened);
            response.onCompleted();
          }
        });
  }

  @Override
  public void logout(LogoutRequest request, StreamObserver<LogoutResponse> response) {
    try {
      tokens.revoke(CallContext.CREDENTIAL.get());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    response.onNext(LogoutResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public StreamObserver<AgentMessage> attach(StreamObserver<AgentEvent> responseObserver) {
    ServerCallStreamObserver<AgentEvent> out =
        (ServerCallStreamObserver<AgentEvent>) responseObserver;
    Link<AgentEvent> link = new Link<>(out);
    AgentStream stream =
        new AgentStream(
            CallContext.AGENT.get(),
            CallContext.CREDENTIAL.get(),
            link,
            new StreamLane(controlPool));
    out.setOnCancelHandler(() -> stream.goneLater(false));
    link.requestNext();
    return stream;
  }

  @Override
  public void endSession(EndSessionRequest request, StreamObserver<EndSessionResponse> response) {
    try {
      sessions.endByStaff(CallContext.AGENT.get(), request.getSessionId());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    response.onNext(EndSessionResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void escalate(EscalateRequest request, StreamObserver<EscalateResponse> response) {
    try {
      sessions.escalate(
          CallContext.AGENT.get(),
          request.getSessionId(),
          request.getSpecialist(),
          request.getNote());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    response.onNext(EscalateResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void listEscalations(
      ListEscalationsRequest request, StreamObserver<ListEscalationsResponse> response) {
    try {
      response.onNext(
          ListEscalationsResponse.newBuilder()
              .addAllEscalations(sessions.escalationQueue(CallContext.AGENT.get()))
              .build());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    response.onCompleted();
  }

  @Override
  public void listSessions(
      ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
    try {
      response.onNext(
          ListSessionsResponse.newBuilder()
              .addAllSessions(sessions.supervise(CallContext.AGENT.get()))
              .build());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    response.onCompleted();
  }

  /**
   * One agent's stream: the first message joins a session, the rest are relayed. Relay frames are
   * routed on the transport thread; everything else runs on the stream's lane.
   */
  private final class AgentStream implements StreamObserver<AgentMessage> {
    private final Agent agent;
    private final String credential;
    private final Link<AgentEvent> link;
    private final StreamLane lane;
    private final java.util.Locale locale = CallContext.locale();
    private volatile LiveSession session;

    AgentStream(Agent agent, String credential, Link<AgentEvent> link, StreamLane lane) {
      this.agent = agent;
      this.credential = credential;
      this.link = link;
      this.lane = lane;
    }

    @Override
    public void onNext(AgentMessage message) {
      LiveSession current = session;
      if (current != null && message.getKindCase() == AgentMessage.KindCase.RELAY) {
        router.fromMember(current, agent, link, locale, message.getRelay());
        return;
      }
      lane.execute(() -> control(message));
    }

    private void control(AgentMessage message) {
      LiveSession current = session;
      if (current == null) {
        join(message);
        return;
      }
      switch (message.getKindCase()) {
        case RELAY -> router.fromMember(current, agent, link, locale, message.getRelay());
        case CONTROL -> {
          sessions.controlAction(current, agent, link, locale, message.getControl());
          link.requestNext();
        }
        case LEAVE -> gone(true);
        default -> link.requestNext();
      }
    }

    private void join(AgentMessage message) {
      if (message.getKindCase() != AgentMessage.KindCase.JOIN) {
        link.fail(
            Refusals.refusal(
                RefusalReason.INVALID_REQUEST,
                locale,
                "request.invalid",
                "the first message must be join"));
        return;
      }
      try {
        session =
            sessions.attach(
                agent,
                credential,
                message.getJoin().getSessionId(),
                link,
                locale,
                message.getJoin().getMode() == AgentMessage.JoinMode.ASK_CONTROL);
        link.requestNext();
      } catch (RuntimeException e) {
        // A refusal, or a failure (database down) that must still answer the stream.
        link.fail(Refusals.toStatus(e, locale));
      }
    }

    @Override
    public void onError(Throwable t) {
      goneLater(false);
    }

    @Override
    public void onCompleted() {
      goneLater(true);
    }

    void goneLater(boolean cleanly) {
      lane.execute(() -> gone(cleanly));
    }

    private void gone(boolean cleanly) {
      if (cleanly) {
        link.complete();
      } else {
        link.markGone();
      }
      LiveSession current = session;
      if (current != null) {
        sessions.memberLeft(current, agent, cleanly);
      }
    }
  }
}
