package puente.agent;

import static puente.text.Showable.line;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import puente.client.ExitCode;
import puente.client.Messages;
import puente.client.Protos;
import puente.v1.ListSessionsRequest;
import puente.v1.LiveSessionInfo;
import puente.v1.Participant;

/** Shows every live session and who is in it, for a supervisor (who may then {@code end} one). */
@Command(
    mixinStandardHelpOptions = true,
    name = "sessions",
    description = "Muestra todas las sesiones en vivo y quién está en cada una (supervisores).")
final class SessionsCommand implements Callable<Integer> {
  @ParentCommand private AgentApp app;

  @Override
  public Integer call() throws Exception {
    return app.callBroker(
        (stub, messages) -> {
          List<LiveSessionInfo> live =
              stub.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList();
          print(app.out(), messages, app.times(), live);
          return ExitCode.OK.code();
        });
  }

  /** Prints one block per live session. */
  static void print(
      PrintStream out, Messages messages, TimeText times, List<LiveSessionInfo> live) {
    if (live.isEmpty()) {
      out.println(messages.text("sessions.empty"));
      return;
    }
    out.println(messages.text("sessions.title", live.size()));
    int position = 0;
    for (LiveSessionInfo session : live) {
      position++;
      out.println(
          messages.text(
              "sessions.entry",
              position,
              line(session.getCustomerName()),
              state(messages, session)));
      out.println(
          session.getStartedAt().getSeconds() == 0
              ? messages.text("sessions.id", session.getSessionId(), session.getTicketId())
              : messages.text(
                  "sessions.id.started",
                  session.getSessionId(),
                  session.getTicketId(),
                  times.dateTime(Protos.instant(session.getStartedAt())),
                  bytes(messages.locale(), session.getBytesToAgent()),
                  bytes(messages.locale(), session.getBytesToCustomer())));
      out.println(
          messages.text(
              "sessions.participants",
              session.getParticipantsList().stream()
                  .map(p -> describe(messages, p))
                  .collect(Collectors.joining(", "))));
    }
  }

  private static String state(Messages messages, LiveSessionInfo session) {
    return switch (session.getState()) {
      case "WAITING", "CONSENT", "ACTIVE", "QUEUED" -> messages.text("state." + session.getState());
      default -> session.getState();
    };
  }

  private static String describe(Messages messages, Participant participant) {
    String role = AgentApp.roleLabel(messages, participant.getRole());
    String name = participant.getDisplayName() + " [" + participant.getId() + "]";
    return participant.getHasControl()
        ? messages.text("participant.with_control", name, role)
        : messages.text("participant", name, role);
  }

  /** Bytes for people: {@code 512 B}, {@code 3.5 KiB}, {@code 64.0 MiB}. */
  static String bytes(Locale locale, long count) {
    if (count < 1024) {
      return count + " B";
    }
    if (count < 1024 * 1024) {
      return String.format(locale, "%.1f KiB", count / 1024.0);
    }
    return String.format(locale, "%.1f MiB", count / (1024.0 * 1024));
  }
}
