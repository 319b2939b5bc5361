package puente.agent;

import static puente.text.Showable.line;

import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import puente.client.Endpoint;
import puente.client.FailureText;
import puente.client.Messages;
import puente.text.Showable;
import puente.v1.Notice;
import puente.v1.OpenSessionResponse;
import puente.v1.Participant;
import puente.v1.SessionEnded;

/**
 * The agent's terminal front end for an attached session: prints events and runs the commands typed
 * on standard input (see {@link TerminalCommand}).
 */
final class TerminalAgent implements AgentView {
  /**
   * What the terminal says about the session.
   *
   * @param sessionId the session
   * @param ticketId its ticket, empty if not known
   * @param service what the customer shares, empty if not known
   */
  record Label(String sessionId, String ticketId, String service) {
    static Label of(OpenSessionResponse session) {
      return new Label(session.getSessionId(), session.getTicketId(), session.getOfferedService());
    }
  }

  private final Messages messages;
  private final Endpoint broker;
  private final PrintStream out;
  private final PrintStream err;
  private volatile Label label;

  TerminalAgent(Messages messages, Endpoint broker, PrintStream out, PrintStream err) {
    this.messages = messages;
    this.broker = broker;
    this.out = out;
    this.err = err;
  }

  void waitingForConsent(String code) {
    out.println(messages.text("open.waiting", code));
  }

  void opened(OpenSessionResponse session) {
    label = Label.of(session);
    out.println(
        messages.text(
            "open.done",
            line(session.getCustomerName()),
            line(session.getMachine().getHostname()),
            line(session.getMachine().getOs()),
            session.getSessionId(),
            session.getTicketId()));
  }

  /** Shows what a join is about to join. */
  void joining(Label session, String customerName) {
    label = session;
    out.println(
        customerName.isEmpty()
            ? messages.text("join.waiting", session.sessionId())
            : messages.text("join.waiting.customer", session.sessionId(), line(customerName)));
  }

  /** Runs the agent's typed commands on a daemon thread; end of input is ignored. */
  void listen(AgentSession session, BufferedReader in) {
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = in.readLine()) != null) {
                  if (!run(session, TerminalCommand.parse(line))) {
                    return;
                  }
                }
              } catch (IOException e) {
                // Standard input is gone: the session goes on until it ends or Ctrl-C.
              }
            },
            "puente-terminal-input");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs one command; returns false once the agent is done with the session. */
  private boolean run(AgentSession session, TerminalCommand command) {
    switch (command.kind()) {
      case QUIT -> {
        out.println(messages.text("ending"));
        endQuietly(session);
        return false;
      }
      case LEAVE -> {
        out.println(messages.text("leaving"));
        session.leave();
        return false;
      }
      case CONTROL -> {
        session.requestControl();
        out.println(messages.text("control.asked"));
      }
      case GRANT -> grant(session, command.target());
      case RELEASE -> session.release();
      case TAKE_BACK -> session.takeBack();
      case ESCALATE -> escalate(session, command.target(), command.note());
      case NONE -> {
        // An empty line: nothing to do.
      }
      default -> out.println(messages.text("commands"));
    }
    return true;
  }

  private void grant(AgentSession session, String typed) {
    Participant to = session.participant(typed).orElse(null);
    if (to == null) {
      out.println(messages.text("participant.unknown", typed, describe(session.participants())));
      return;
    }
    session.grant(to.getId());
    out.println(messages.text("control.granting", line(to.getDisplayName())));
  }

  private void escalate(AgentSession session, String specialist, String note) {
    try {
      session.escalate(specialist, note);
      out.println(
          specialist.isEmpty()
              ? messages.text("escalate.done.queue", label.sessionId())
              : messages.text("escalate.done.to", label.sessionId(), specialist));
    } catch (StatusRuntimeException e) {
      new FailureText(messages).lines(e, broker).forEach(err::println);
    }
  }

  /** Ends the session, printing (not throwing) a failure: used on {@code q} and Ctrl-C. */
  void endQuietly(AgentSession session) {
    try {
      session.end();
    } catch (RuntimeException e) {
      new FailureText(messages).lines(e, broker).forEach(err::println);
    }
  }

  @Override
  public void joinedWithoutControl() {
    out.println(messages.text("joined.no_control", label.sessionId()));
    out.println(messages.text("commands"));
  }

  @Override
  public void tunnelReady(Endpoint local) {
    out.println(
        messages.text(
            "tunnel.ready",
            local,
            label.service().isEmpty() ? messages.text("service.unknown") : label.service(),
            label.sessionId(),
            label.ticketId().isEmpty() ? "?" : label.ticketId()));
    out.println(messages.text("how_to_end"));
  }

  @Override
  public void tunnelClosed(Endpoint local) {
    out.println(messages.text("tunnel.closed", local));
  }

  @Override
  public void tunnelFailed(Endpoint local, String error) {
    err.println(messages.text("tunnel.failed", local, error));
  }

  @Override
  public void controlChanged(String holder, boolean mine) {
    if (mine) {
      out.println(messages.text("control.mine"));
    } else if (holder.isEmpty()) {
      out.println(messages.text("control.nobody"));
    } else {
      out.println(messages.text("control.holder", holder));
    }
  }

  @Override
  public void controlRequested(String requesterId, String requester) {
    out.println(messages.text("control.requested", requester, requesterId));
  }

  @Override
  public void notice(Notice notice) {
    out.println(messages.text("notice", notice.getMessage()));
  }

  @Override
  public void participants(List<Participant> participants) {
    out.println(messages.text("participants", describe(participants)));
  }

  @Override
  public void connectionOpened(int channel) {
    out.println(messages.text("connection.opened", channel));
  }

  @Override
  public void connectionClosed(int channel, String error) {
    out.println(
        error.isEmpty()
            ? messages.text("connection.closed", channel)
            : messages.text("connection.failed", channel, error));
  }

  @Override
  public void chat(String from, String text) {
    out.println(messages.text("chat", line(from), Showable.lines(text, "    ")));
  }

  @Override
  public void left() {
    out.println(messages.text("left", label.sessionId()));
  }

  @Override
  public void ended(SessionEnded ended) {
    out.println(messages.text("ended", ended.getMessage(), ended.getReason().name()));
    if (ended.hasRefusal()) {
      new FailureText(messages).lines(ended.getRefusal()).stream().skip(1).forEach(out::println);
    }
  }

  @Override
  public void joinRefused(Throwable failure) {
    err.println(messages.text("join.refused", label.sessionId()));
    new FailureText(messages).lines(failure, broker).forEach(err::println);
  }

  @Override
  public void failed(Throwable failure) {
    err.println(messages.text("failed"));
    new FailureText(messages).lines(failure, broker).forEach(err::println);
  }

  private String describe(List<Participant> participants) {
    return participants.stream().map(this::describe).collect(Collectors.joining(", "));
  }

  private String describe(Participant participant) {
    String role = AgentApp.roleLabel(messages, participant.getRole());
    return participant.getHasControl()
        ? messages.text("participant.with_control", line(participant.getDisplayName()), role)
        : messages.text("participant", line(participant.getDisplayName()), role);
  }
}
