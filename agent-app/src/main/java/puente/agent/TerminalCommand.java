package puente.agent;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One line the agent types while attached to a session, in Spanish or English: {@code control},
 * {@code grant USER}, {@code release}, {@code takeback}, {@code escalate [USER|-] [note…]}, {@code
 * leave}, {@code q}, {@code help}.
 *
 * @param kind what to do
 * @param target the user named (grant, escalate), empty otherwise or for the specialist queue
 * @param note the escalation note, empty if none
 */
record TerminalCommand(Kind kind, String target, String note) {
  /** What the agent asked for. */
  enum Kind {
    /** End the session for everyone. */
    QUIT,
    /** Ask for control. */
    CONTROL,
    /** Pass control to {@code target}. */
    GRANT,
    /** Give control up. */
    RELEASE,
    /** The owner takes control back. */
    TAKE_BACK,
    /** Escalate to {@code target}, or to the queue when empty, with {@code note}. */
    ESCALATE,
    /** Leave; the session goes on for the others. */
    LEAVE,
    /** Show the commands. */
    HELP,
    /** An empty line. */
    NONE,
    /** Anything else, or a command missing its argument. */
    UNKNOWN
  }

  private static final Map<String, Kind> WORDS =
      Map.ofEntries(
          Map.entry("q", Kind.QUIT),
          Map.entry("fin", Kind.QUIT),
          Map.entry("salir", Kind.QUIT),
          Map.entry("quit", Kind.QUIT),
          Map.entry("exit", Kind.QUIT),
          Map.entry("control", Kind.CONTROL),
          Map.entry("pedir", Kind.CONTROL),
          Map.entry("grant", Kind.GRANT),
          Map.entry("ceder", Kind.GRANT),
          Map.entry("release", Kind.RELEASE),
          Map.entry("soltar", Kind.RELEASE),
          Map.entry("takeback", Kind.TAKE_BACK),
          Map.entry("recuperar", Kind.TAKE_BACK),
          Map.entry("escalate", Kind.ESCALATE),
          Map.entry("escalar", Kind.ESCALATE),
          Map.entry("leave", Kind.LEAVE),
          Map.entry("dejar", Kind.LEAVE),
          Map.entry("help", Kind.HELP),
          Map.entry("ayuda", Kind.HELP),
          Map.entry("?", Kind.HELP));

  /** Words that mean "the whole specialist queue" where a user name could go. */
  private static final Set<String> QUEUE = Set.of("-", "cola", "queue");

  /**
   * Reads one typed line.
   *
   * @param line the line, as typed
   * @return the command; {@link Kind#UNKNOWN} for anything not understood
   */
  static TerminalCommand parse(String line) {
    String[] words = line.strip().split("\\s+", 2);
    if (words[0].isEmpty()) {
      return new TerminalCommand(Kind.NONE, "", "");
    }
    Kind kind = WORDS.getOrDefault(words[0].toLowerCase(Locale.ROOT), Kind.UNKNOWN);
    String argument = words.length > 1 ? words[1] : "";
    return switch (kind) {
      case GRANT -> argument.isEmpty() ? unknown() : new TerminalCommand(kind, argument, "");
      case ESCALATE -> escalation(argument);
      default -> argument.isEmpty() ? new TerminalCommand(kind, "", "") : unknown();
    };
  }

  /** {@code escalate}, {@code escalate USER note…} or {@code escalate - note…} (the queue). */
  private static TerminalCommand escalation(String argument) {
    String[] words = argument.split("\\s+", 2);
    String note = words.length > 1 ? words[1] : "";
    String target = QUEUE.contains(words[0].toLowerCase(Locale.ROOT)) ? "" : words[0];
    return new TerminalCommand(Kind.ESCALATE, target, note);
  }

  private static TerminalCommand unknown() {
    return new TerminalCommand(Kind.UNKNOWN, "", "");
  }
}
