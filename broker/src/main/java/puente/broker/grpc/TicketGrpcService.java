package puente.broker.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.function.Supplier;
import puente.broker.auth.Agent;
import puente.broker.auth.Role;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.CaseBook;
import puente.broker.ticket.CloseReason;
import puente.broker.ticket.ContactOutcome;
import puente.broker.ticket.Ticket;
import puente.broker.ticket.TicketCommand;
import puente.broker.ticket.TicketDesk;
import puente.broker.ticket.TicketState;
import puente.broker.ticket.TicketView;
import puente.v1.AddNoteRequest;
import puente.v1.CloseRequest;
import puente.v1.DueStatus;
import puente.v1.GetTicketRequest;
import puente.v1.HandToDevelopmentRequest;
import puente.v1.HandToThirdPartyRequest;
import puente.v1.ListQueueRequest;
import puente.v1.ListQueueResponse;
import puente.v1.ListTicketsRequest;
import puente.v1.ListTicketsResponse;
import puente.v1.LogContactRequest;
import puente.v1.MarkDuplicateRequest;
import puente.v1.MarkInformationCompleteRequest;
import puente.v1.OpenFollowUpRequest;
import puente.v1.RefusalReason;
import puente.v1.ThirdPartyDeliveredRequest;
import puente.v1.TicketDetail;
import puente.v1.TicketResponse;
import puente.v1.TicketServiceGrpc;
import puente.v1.TimelineEntry;
import puente.v1.WaitOnCustomerRequest;

/** The staff ticket service: translates calls to {@link TicketDesk} and back. */
final class TicketGrpcService extends TicketServiceGrpc.TicketServiceImplBase {
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final int DEFAULT_PAGE_SIZE = 20;
  private static final int MAX_PAGE_SIZE = 100;

  private final TicketDesk desk;

  TicketGrpcService(TicketDesk desk) {
    this.desk = desk;
  }

  @Override
  public void listQueue(ListQueueRequest request, StreamObserver<ListQueueResponse> response) {
    answer(
        response,
        () -> {
          Agent agent = CallContext.AGENT.get();
          // Supervisors look at the whole floor; everyone else at their own and unassigned cases.
          boolean everyone = request.getEveryone() || agent.role() == Role.SUPERVISOR;
          int limit =
              request.getLimit() <= 0 ? DEFAULT_LIMIT : Math.min(request.getLimit(), MAX_LIMIT);
          TicketState state =
              request.getState() == puente.v1.TicketState.TICKET_STATE_UNSPECIFIED
                  ? null
                  : state(request.getState());
          ListQueueResponse.Builder queue = ListQueueResponse.newBuilder();
          for (TicketView view : desk.queue(everyone ? null : agent.username(), state, limit)) {
            queue.addTickets(toProto(view));
          }
          return queue.build();
        });
  }

  @Override
  public void listTickets(
      ListTicketsRequest request, StreamObserver<ListTicketsResponse> response) {
    answer(
        response,
        () -> {
          int page = request.getPage() <= 0 ? 1 : request.getPage();
          int size =
              request.getSize() <= 0
                  ? DEFAULT_PAGE_SIZE
                  : Math.min(request.getSize(), MAX_PAGE_SIZE);
          TicketState state =
              request.getState() == puente.v1.TicketState.TICKET_STATE_UNSPECIFIED
                  ? null
                  : state(request.getState());
          CaseBook.Page found = desk.page(state, page, size);
          ListTicketsResponse.Builder list =
              ListTicketsResponse.newBuilder().setPage(page).setSize(size).setTotal(found.total());
          for (TicketView view : desk.views(found.items())) {
            list.addTickets(toProto(view));
          }
          return list.build();
        });
  }

  @Override
  public void getTicket(GetTicketRequest request, StreamObserver<TicketDetail> response) {
    answer(
        response,
        () -> {
          long id = id(request.getTicketId(), "ticket_id");
          TicketDetail.Builder detail =
              TicketDetail.newBuilder().setTicket(toProto(desk.view(desk.find(id))));
          for (puente.broker.ticket.TimelineEntry entry : desk.timeline(id)) {
            TimelineEntry.Builder line =
                TimelineEntry.newBuilder()
                    .setAt(timestamp(entry.at()))
                    .setActor(entry.actor())
                    .setKind(entry.kind().name());
            if (entry.detail() != null) {
              line.setDetail(entry.detail());
            }
            if (entry.sessionId() != null) {
              line.setSessionId(entry.sessionId());
            }
            detail.addTimeline(line);
          }
          return detail.build();
        });
  }

  @Override
  public void addNote(AddNoteRequest request, StreamObserver<TicketResponse> response) {
    change(response, request.getTicketId(), new TicketCommand.AddNote(request.getText()));
  }

  @Override
  public void waitOnCustomer(
      WaitOnCustomerRequest request, StreamObserver<TicketResponse> response) {
    change(response, request.getTicketId(), new TicketCommand.WaitOnCustomer(request.getNote()));
  }

  @Override
  public void logContact(LogContactRequest request, StreamObserver<TicketResponse> response) {
    answer(
        response,
        () -> {
          ContactOutcome outcome =
              switch (request.getOutcome()) {
                case CONTACT_NO_ANSWER -> ContactOutcome.NO_ANSWER;
                case CONTACT_REACHED -> ContactOutcome.REACHED;
                case CONTACT_CUSTOMER_GOT_IN_TOUCH -> ContactOutcome.CUSTOMER_GOT_IN_TOUCH;
                default ->
                    throw invalid(
                        "outcome: "
                            + request.getOutcome()
                            + " (expected: NO_ANSWER, REACHED or CUSTOMER_GOT_IN_TOUCH)");
              };
          return apply(
              request.getTicketId(), new TicketCommand.LogContact(outcome, request.getNote()));
        });
  }

  @Override
  public void markInformationComplete(
      MarkInformationCompleteRequest request, StreamObserver<TicketResponse> response) {
    change(
        response, request.getTicketId(), new TicketCommand.InformationComplete(request.getNote()));
  }

  @Override
  public void markDuplicate(MarkDuplicateRequest request, StreamObserver<TicketResponse> response) {
    answer(
        response,
        () -> {
          long id = id(request.getTicketId(), "ticket_id");
          long of = id(request.getDuplicateOf(), "duplicate_of");
          return respond(desk.markDuplicate(id, of, CallContext.AGENT.get().username()));
        });
  }

  @Override
  public void close(CloseRequest request, StreamObserver<TicketResponse> response) {
    answer(
        response,
        () -> {
          CloseReason reason =
              switch (request.getReason()) {
                case CLOSE_REASON_SOLVED_BY_AGREEMENT -> CloseReason.SOLVED_BY_AGREEMENT;
                case CLOSE_REASON_NO_RESPONSE -> CloseReason.NO_RESPONSE;
                case CLOSE_REASON_DUPLICATE -> CloseReason.DUPLICATE;
                case CLOSE_REASON_WITHDRAWN -> CloseReason.WITHDRAWN;
                default ->
                    throw invalid(
                        "reason: "
                            + request.getReason()
                            + " (expected: SOLVED_BY_AGREEMENT, NO_RESPONSE or WITHDRAWN)");
              };
          return apply(request.getTicketId(), new TicketCommand.Close(reason, request.getNote()));
        });
  }

  @Override
  public void handToDevelopment(
      HandToDevelopmentRequest request, StreamObserver<TicketResponse> response) {
    change(
        response,
        request.getTicketId(),
        new TicketCommand.HandToDevelopment(
            request.getReproduced(), request.getPromisedRelease(), request.getNote()));
  }

  @Override
  public void handToThirdParty(
      HandToThirdPartyRequest request, StreamObserver<TicketResponse> response) {
    change(
        response,
        request.getTicketId(),
        new TicketCommand.HandToThirdParty(request.getThirdParty(), request.getNote()));
  }

  @Override
  public void thirdPartyDelivered(
      ThirdPartyDeliveredRequest request, StreamObserver<TicketResponse> response) {
    change(
        response, request.getTicketId(), new TicketCommand.ThirdPartyDelivered(request.getNote()));
  }

  @Override
  public void openFollowUp(OpenFollowUpRequest request, StreamObserver<TicketResponse> response) {
    answer(
        response,
        () ->
            respond(
                desk.openFollowUp(
                    id(request.getTicketId(), "ticket_id"),
                    CallContext.AGENT.get().username(),
                    request.getNote())));
  }

  private void change(
      StreamObserver<TicketResponse> response, String ticketId, TicketCommand command) {
    answer(response, () -> apply(ticketId, command));
  }

  private TicketResponse apply(String ticketId, TicketCommand command) {
    long id = id(ticketId, "ticket_id");
    return respond(desk.apply(id, command, CallContext.AGENT.get().username()));
  }

  private TicketResponse respond(Ticket ticket) {
    return TicketResponse.newBuilder().setTicket(toProto(desk.view(ticket))).build();
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      response.onError(Refusals.toStatus(e, CallContext.locale()));
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }

  /** The wire form of a ticket view. */
  static puente.v1.Ticket toProto(TicketView view) {
    Ticket t = view.ticket();
    puente.v1.Ticket.Builder b =
        puente.v1.Ticket.newBuilder()
            .setTicketId(Long.toString(t.id()))
            .setState(puente.v1.TicketState.valueOf("TICKET_STATE_" + t.state().name()))
            .setLicenceKey(t.origin().licenceKey())
            .setProduct(t.origin().product())
            .setInstalledVersion(t.origin().installedVersion())
            .setHostname(t.origin().hostname())
            .setMachineId(t.origin().machineId())
            .setPriority(t.priority() == null ? 0 : t.priority())
            .setOpenedAt(timestamp(t.openedAt()))
            .setAcknowledged(t.acknowledged())
            .setUpdatedAt(timestamp(t.updatedAt()))
            .setContactAttempts(t.contactAttempts())
            .setDueStatus(DueStatus.valueOf("DUE_STATUS_" + view.dueStatus().name()))
            .setReproduced(t.reproduced())
            .setBillableSeconds(view.billable().toSeconds())
            .setAgeSeconds(view.age().toSeconds());
    if (t.closeReason() != null) {
      b.setCloseReason(puente.v1.CloseReason.valueOf("CLOSE_REASON_" + t.closeReason().name()));
    }
    if (t.origin().customerName() != null) {
      b.setCustomerName(t.origin().customerName());
    }
    if (t.category() != null) {
      b.setCategory(t.category());
    }
    if (t.assignee() != null) {
      b.setAssignee(t.assignee());
    }
    if (t.acknowledgeAt() != null) {
      b.setAcknowledgedAt(timestamp(t.acknowledgeAt()));
    }
    if (t.closedAt() != null) {
      b.setClosedAt(timestamp(t.closedAt()));
    }
    if (t.waitingSince() != null) {
      b.setWaitingSince(timestamp(t.waitingSince()));
    }
    if (view.silenceEndsAt() != null) {
      b.setSilenceEndsAt(timestamp(view.silenceEndsAt()));
    }
    if (t.informationCompleteAt() != null) {
      b.setInformationCompleteAt(timestamp(t.informationCompleteAt()));
    }
    if (t.dueAt() != null) {
      b.setDueAt(timestamp(t.dueAt()));
    }
    if (t.promisedRelease() != null) {
      b.setPromisedRelease(t.promisedRelease());
    }
    if (t.thirdParty() != null) {
      b.setThirdParty(t.thirdParty());
    }
    if (t.thirdPartyDeliveredAt() != null) {
      b.setThirdPartyDeliveredAt(timestamp(t.thirdPartyDeliveredAt()));
    }
    if (t.duplicateOf() != null) {
      b.setDuplicateOf(Long.toString(t.duplicateOf()));
    }
    if (t.follows() != null) {
      b.setFollows(Long.toString(t.follows()));
    }
    return b.build();
  }

  private static TicketState state(puente.v1.TicketState state) {
    if (state == puente.v1.TicketState.UNRECOGNIZED) {
      throw invalid("state: unrecognized");
    }
    return TicketState.valueOf(state.name().substring("TICKET_STATE_".length()));
  }

  private static long id(String value, String field) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw invalid(field + ": \"" + value + "\" (expected: a ticket number)");
    }
  }

  private static RefusalException invalid(String what) {
    return RefusalException.of(RefusalReason.INVALID_REQUEST, "request.invalid", what);
  }

  private static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}
