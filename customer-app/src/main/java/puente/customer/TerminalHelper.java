package puente.customer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import puente.client.Endpoint;
import puente.client.Messages;
import puente.client.Protos;
import puente.text.Secrets;
import puente.v1.AccessKind;
import puente.v1.ConsentPrompt;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RegisterResponse;
import puente.v1.SessionEnded;
import puente.v1.SessionStarted;

/**
 * The helper's terminal front end: prints the code and the session's events (who joined, who holds
 * control), asks consent questions, and reads from standard input the customer's answers and
 * commands: {@code q}/{@code fin}, {@code quitar NOMBRE}, {@code p}/{@code pausa}, {@code r}/{@code
 * seguir}. When a code expires before anyone connected, Enter asks for a new one and {@code q}
 * quits.
 */
final class TerminalHelper implements HelperView {
  private static final Set<String> YES = Set.of("s", "si", "sí", "y", "yes");
  private static final Set<String> QUIT = Set.of("q", "fin", "salir", "quit", "exit");
  private static final Set<String> REMOVE = Set.of("quitar", "retirar", "remove");
  private static final Set<String> PAUSE = Set.of("p", "pausa", "pausar", "pause");
  private static final Set<String> RESUME =
      Set.of("r", "seguir", "reanudar", "continuar", "resume");

  private final Messages messages;
  private final Secrets secrets;
  private final Endpoint broker;
  private final Endpoint service;
  private final String screen;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean acceptAll;
  private final Object promptLock = new Object();
  private String pendingPromptId;
  private final BlockingQueue<Boolean> newCodeAnswers = new LinkedBlockingQueue<>();
  private volatile boolean offeringNewCode;
  private volatile boolean inputOver;
  private volatile HelperSession session;
  private volatile PolicyTime time;
  private volatile String sessionId = "";

  TerminalHelper(
      Messages messages,
      Endpoint broker,
      Endpoint service,
      String screen,
      PrintStream out,
      PrintStream err,
      boolean acceptAll,
      Secrets secrets) {
    this.messages = messages;
    this.secrets = secrets;
    this.time = PolicyTime.named(messages, "");
    this.broker = broker;
    this.service = service;
    this.screen = screen;
    this.out = out;
    this.err = err;
    this.acceptAll = acceptAll;
  }

  /** Warns, loudly and on standard error, that consent prompts will be accepted unseen. */
  void warnAcceptAll() {
    err.println(messages.text("accept_all.banner"));
    err.println(messages.text("accept_all.warning"));
    err.println(messages.text("accept_all.banner"));
  }

  /** Shows the code the customer reads out. */
  void showCode(RegisterResponse registration) {
    out.println();
    out.println(messages.text("code.banner"));
    out.println(messages.text("code.line", registration.getCode()));
    time = PolicyTime.named(messages, registration.getTimeZone());
    if (registration.hasCodeExpiresAt()) {
      out.println(
          messages.text(
              "code.valid_until", time.time(Protos.instant(registration.getCodeExpiresAt()))));
    }
    out.println(messages.text("code.banner"));
    out.println();
  }

  /** Shows why registration failed. */
  void registrationFailed(Throwable failure) {
    Explanation why = Explanation.registrationFailed(messages, failure, broker, time);
    err.println(why.headline());
    why.lines(messages).forEach(err::println);
    HelperLog.write("registration failed", why.details());
  }

  /** Reads the customer's input on a daemon thread until end of input. */
  void listen(HelperSession helperSession, BufferedReader in) {
    attach(helperSession);
    Thread reader = new Thread(() -> readLines(in), "puente-terminal-input");
    reader.setDaemon(true);
    reader.start();
  }

  /** The session the customer's commands act on from now on (a new one for each code). */
  void attach(HelperSession helperSession) {
    this.session = helperSession;
  }

  /**
   * Offers a new code after the last one expired, and waits for the customer's answer.
   *
   * @return {@code true} for Enter (a new code), {@code false} for {@code q} or end of input
   */
  boolean offerNewCode() throws InterruptedException {
    if (inputOver) {
      return false;
    }
    // Armed before the line shows, so an Enter pressed at once is not lost.
    offeringNewCode = true;
    out.println(messages.text("code.new.offer"));
    boolean again = newCodeAnswers.take();
    if (again) {
      out.println(messages.text("code.new.registering"));
    }
    return again;
  }

  @Override
  public void waiting(String code) {
    out.println(messages.text("waiting", code));
  }

  @Override
  public void consentRequested(ConsentPrompt prompt) {
    if (!acceptAll) {
      // Armed before the question shows, so an answer typed at once is not lost.
      synchronized (promptLock) {
        pendingPromptId = prompt.getPromptId();
      }
    }
    out.println();
    out.println(prompt.getMessage());
    if (acceptAll) {
      err.println(messages.text("accept_all.accepted"));
      session.answer(prompt.getPromptId(), true);
      return;
    }
    out.print(messages.text("consent.question") + " ");
    out.flush();
  }

  @Override
  public void started(SessionStarted started) {
    clearPrompt();
    sessionId = started.getSessionId();
    out.println(
        messages.text(
            "started",
            started.getAccess() == AccessKind.TUNNEL
                ? String.valueOf(service)
                : messages.text("screen.description", String.valueOf(screen)),
            messages.text("access." + started.getAccess().name()),
            started.getTicketId()));
    out.println(messages.text("how_to_end"));
    out.println(messages.text("commands"));
  }

  @Override
  public void notice(Notice notice) {
    if (Notices.aboutTheCustomersOwnAction(notice)) {
      return;
    }
    out.println(messages.text("notice", notice.getMessage()));
  }

  @Override
  public void paused(boolean paused) {
    out.println(messages.text(paused ? "paused" : "resumed"));
  }

  @Override
  public void screenFailed(RuntimeException failure) {
    err.println(messages.text("screen.failed", String.valueOf(failure.getMessage())));
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
    out.println(messages.text("connection.opened", service, channel));
  }

  @Override
  public void connectionClosed(int channel, String error) {
    if (!error.isEmpty()) {
      out.println(messages.text("connection.failed", channel, error));
    }
  }

  @Override
  public void chat(String from, String text) {
    // P11: the screen may be shared, so anything the broker did not mask is masked here.
    String shown = secrets.mask(text);
    out.println(messages.text("chat", from, shown));
    if (!shown.equals(text)) {
      out.println("· " + messages.text("chat.hidden.theirs", from));
    }
  }

  @Override
  public void ended(SessionEnded ended) {
    clearPrompt();
    HelperSession current = session;
    Explanation why =
        Explanation.ended(messages, ended, current != null && current.wasLive(), sessionId, time);
    out.println();
    out.println(why.headline());
    why.lines(messages).forEach(out::println);
    HelperLog.write("session ended", why.details());
  }

  @Override
  public void failed(Throwable failure) {
    clearPrompt();
    Explanation why = Explanation.failed(messages, failure, broker);
    err.println(why.headline());
    why.lines(messages).forEach(err::println);
    HelperLog.write("connection lost", why.details());
  }

  private void readLines(BufferedReader in) {
    try {
      String line;
      while ((line = in.readLine()) != null) {
        handle(line.trim().toLowerCase(Locale.ROOT));
      }
    } catch (IOException e) {
      // Standard input is gone: same as end of input.
    }
    inputOver = true;
    newCodeAnswers.add(false);
    // No one is there to answer: a pending question counts as "no", the session goes on.
    String unanswered = clearPrompt();
    if (unanswered != null) {
      session.answer(unanswered, false);
    }
  }

  private void handle(String line) {
    if (offeringNewCode) {
      offeringNewCode = false;
      newCodeAnswers.add(!QUIT.contains(line));
      return;
    }
    String promptId = clearPrompt();
    if (promptId != null) {
      boolean accepted = YES.contains(line);
      session.answer(promptId, accepted);
      out.println(messages.text(accepted ? "consent.accepted" : "consent.declined"));
      return;
    }
    String[] words = line.split("\\s+", 2);
    if (QUIT.contains(line)) {
      out.println(messages.text("ending"));
      session.end();
    } else if (REMOVE.contains(words[0])) {
      remove(words.length > 1 ? words[1] : "");
    } else if (PAUSE.contains(line)) {
      session.pause(true);
    } else if (RESUME.contains(line)) {
      session.pause(false);
    } else if (!line.isEmpty()) {
      out.println(messages.text("how_to_end"));
      out.println(messages.text("commands"));
    }
  }

  /** The customer removes someone by name; they cannot remove themselves. */
  private void remove(String typed) {
    if (typed.isEmpty()) {
      out.println(messages.text("remove.usage"));
      return;
    }
    Participant who =
        session.participant(typed).filter(p -> !p.getRole().equals("customer")).orElse(null);
    if (who == null) {
      out.println(
          messages.text(
              "remove.unknown",
              typed,
              session.participants().stream()
                  .filter(p -> !p.getRole().equals("customer"))
                  .map(this::describe)
                  .collect(Collectors.joining(", "))));
      return;
    }
    session.remove(who.getId());
    out.println(messages.text("remove.done", who.getDisplayName()));
  }

  private String clearPrompt() {
    synchronized (promptLock) {
      String promptId = pendingPromptId;
      pendingPromptId = null;
      return promptId;
    }
  }

  private String describe(Participant participant) {
    String role = messages.text("role." + roleKey(participant.getRole()));
    return participant.getHasControl()
        ? messages.text("participant.with_control", participant.getDisplayName(), role)
        : messages.text("participant", participant.getDisplayName(), role);
  }

  private static String roleKey(String role) {
    return switch (role) {
      case "customer", "agent", "specialist", "supervisor" -> role;
      default -> "other";
    };
  }
}
