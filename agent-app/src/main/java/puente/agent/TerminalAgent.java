package puente.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import puente.client.Endpoint;
import puente.client.FailureText;
import puente.client.Messages;
import puente.v1.OpenSessionResponse;
import puente.v1.Participant;
import puente.v1.SessionEnded;

/** The agent's terminal front end for an open session: prints events, reads {@code q}. */
final class TerminalAgent implements AgentView {
  private static final Set<String> QUIT = Set.of("q", "fin", "salir", "quit", "exit");

  private final Messages messages;
  private final Endpoint broker;
  private final PrintStream out;
  private final PrintStream err;

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
    out.println(
        messages.text(
            "open.done",
            session.getCustomerName(),
            session.getMachine().getHostname(),
            session.getMachine().getOs(),
            session.getSessionId(),
            session.getTicketId()));
  }

  /** Ends the session when the agent types {@code q}; end of input is ignored. */
  void listen(AgentSession session, BufferedReader in) {
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = in.readLine()) != null) {
                  if (QUIT.contains(line.trim().toLowerCase(Locale.ROOT))) {
                    out.println(messages.text("ending"));
                    endQuietly(session);
                    return;
                  }
                  out.println(messages.text("how_to_end"));
                }
              } catch (IOException e) {
                // Standard input is gone: the session goes on until it ends or Ctrl-C.
              }
            },
            "puente-terminal-input");
    reader.setDaemon(true);
    reader.start();
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
  public void joinedWithoutControl(OpenSessionResponse session) {
    out.println(messages.text("joined.no_control", session.getSessionId()));
  }

  @Override
  public void tunnelReady(Endpoint local, OpenSessionResponse session) {
    out.println(
        messages.text(
            "tunnel.ready",
            local,
            session.getOfferedService(),
            session.getSessionId(),
            session.getTicketId()));
    out.println(messages.text("how_to_end"));
  }

  @Override
  public void participants(List<Participant> participants) {
    out.println(
        messages.text(
            "participants",
            participants.stream().map(this::describe).collect(Collectors.joining(", "))));
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
    out.println(messages.text("chat", from, text));
  }

  @Override
  public void notice(String message) {
    out.println(message);
  }

  @Override
  public void ended(SessionEnded ended) {
    out.println(messages.text("ended", ended.getMessage(), ended.getReason().name()));
    if (ended.hasRefusal()) {
      new FailureText(messages).lines(ended.getRefusal()).stream().skip(1).forEach(out::println);
    }
  }

  @Override
  public void failed(Throwable failure) {
    err.println(messages.text("failed"));
    new FailureText(messages).lines(failure, broker).forEach(err::println);
  }

  private String describe(Participant participant) {
    String role = AgentApp.roleLabel(messages, participant.getRole());
    return participant.getHasControl()
        ? messages.text("participant.with_control", participant.getDisplayName(), role)
        : messages.text("participant", participant.getDisplayName(), role);
  }
}
