package puente.broker.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Locale;
import java.util.concurrent.Executor;
import puente.broker.relay.Link;
import puente.broker.session.FrameRouter;
import puente.broker.session.LiveSession;
import puente.broker.session.SessionService;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.HelperMessage;
import puente.v1.HelperServiceGrpc;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;
import puente.v1.RegisterResponse;

/** The customer helper's service: translates calls to {@link SessionService} and back. */
final class HelperGrpcService extends HelperServiceGrpc.HelperServiceImplBase {
  private final SessionService sessions;
  private final FrameRouter router;
  private final Executor controlPool;

  /**
   * @param controlPool runs the streams' non-relay messages (see {@link StreamLane})
   */
  HelperGrpcService(SessionService sessions, FrameRouter router, Executor controlPool) {
    this.sessions = sessions;
    this.router = router;
    this.controlPool = controlPool;
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    Locale locale = puente.broker.i18n.Messages.resolve(request.getLocale());
    SessionService.Registered registered;
    try {
      registered = sessions.register(request, CallContext.source());
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, locale));
      return;
    }
    response.onNext(
        RegisterResponse.newBuilder()
            .setCode(registered.code().display())
            .setCodeExpiresAt(
                com.google.protobuf.Timestamp.newBuilder()
                    .setSeconds(registered.codeExpiresAt().getEpochSecond()))
            .setHelperToken(registered.helperToken())
            .setTicketId(Long.toString(registered.ticketId()))
            .setTimeZone(registered.zone().getId())
            .build());
    response.onCompleted();
  }

  @Override
  public StreamObserver<HelperMessage> connect(StreamObserver<HelperEvent> responseObserver) {
    Link<HelperEvent> link = new Link<>((ServerCallStreamObserver<HelperEvent>) responseObserver);
    HelperStream stream = new HelperStream(link, new StreamLane(controlPool));
    ((ServerCallStreamObserver<HelperEvent>) responseObserver)
        .setOnCancelHandler(() -> stream.goneLater(EndReason.CUSTOMER_VANISHED));
    link.requestNext();
    return stream;
  }

  /**
   * One helper's stream: the first message authenticates it, the rest go to its session. Relay
   * frames are routed on the transport thread; everything else runs on the stream's lane.
   */
  private final class HelperStream implements StreamObserver<HelperMessage> {
    private final Link<HelperEvent> link;
    private final StreamLane lane;
    private volatile LiveSession session;

    HelperStream(Link<HelperEvent> link, StreamLane lane) {
      this.link = link;
      this.lane = lane;
    }

    @Override
    public void onNext(HelperMessage message) {
      LiveSession current = session;
      if (current != null && message.getKindCase() == HelperMessage.KindCase.RELAY) {
        router.fromCustomer(current, message.getRelay());
        return;
      }
      lane.execute(() -> control(message));
    }

    private void control(HelperMessage message) {
      LiveSession current = session;
      if (current == null) {
        hello(message);
        return;
      }
      switch (message.getKindCase()) {
        case RELAY -> router.fromCustomer(current, message.getRelay());
        case CONSENT -> {
          sessions.answerConsent(
              current,
              message.getConsent().getPromptId(),
              message.getConsent().getAccepted(),
              false);
          link.requestNext();
        }
        case END -> sessions.end(current, EndReason.ENDED_BY_CUSTOMER, "customer", null);
        case REMOVE -> {
          sessions.removeByCustomer(current, message.getRemove().getParticipantId());
          link.requestNext();
        }
        case PAUSE -> {
          sessions.pauseByCustomer(current, message.getPause().getPaused());
          link.requestNext();
        }
        case GRANT -> {
          sessions.narrowByCustomer(current, message.getGrant().getCapabilitiesList());
          link.requestNext();
        }
        default -> link.requestNext();
      }
    }

    private void hello(HelperMessage message) {
      Locale locale = puente.broker.i18n.Messages.SPANISH_MEXICO;
      if (message.getKindCase() != HelperMessage.KindCase.HELLO) {
        link.fail(
            Refusals.refusal(
                RefusalReason.INVALID_REQUEST,
                locale,
                "request.invalid",
                "the first message must be hello"));
        return;
      }
      try {
        session = sessions.helperConnected(message.getHello().getHelperToken(), link);
        link.requestNext();
      } catch (RuntimeException e) {
        // A refusal, or a failure (database down) that must still answer the stream.
        link.fail(Refusals.toStatus(e, locale));
      }
    }

    @Override
    public void onError(Throwable t) {
      goneLater(EndReason.CUSTOMER_VANISHED);
    }

    @Override
    public void onCompleted() {
      goneLater(EndReason.ENDED_BY_CUSTOMER);
    }

    void goneLater(EndReason reason) {
      lane.execute(() -> gone(reason));
    }

    private void gone(EndReason reason) {
      link.markGone();
      LiveSession current = session;
      if (current != null) {
        sessions.end(current, reason, "customer", null);
      }
    }
  }
}
