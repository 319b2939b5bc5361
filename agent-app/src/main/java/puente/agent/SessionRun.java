package puente.agent;

import java.io.BufferedReader;

/**
 * Keeps an attached session in the foreground until it is over: runs the agent's typed commands
 * and, on Ctrl-C, ends or leaves it cleanly so that the others and the ticket learn why.
 */
final class SessionRun {
  private SessionRun() {}

  /**
   * Waits for the session to finish.
   *
   * @param session an attached session
   * @param terminal its front end, which reads the agent's commands
   * @param stdin the agent's keyboard
   * @param onInterrupt what Ctrl-C does (end for the opener, leave for a specialist who joined)
   * @return the process exit code
   */
  static int untilOver(
      AgentSession session, TerminalAgent terminal, BufferedReader stdin, Runnable onInterrupt)
      throws InterruptedException {
    Thread hook =
        new Thread(
            () -> {
              if (!session.isOver()) {
                onInterrupt.run();
                awaitQuietly(session);
              }
            },
            "puente-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      terminal.listen(session, stdin);
      return session.awaitOutcome().code();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running.
      }
    }
  }

  private static void awaitQuietly(AgentSession session) {
    try {
      session.awaitOutcome();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
