package puente.broker.session;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import puente.broker.auth.Agent;
import puente.broker.cluster.SessionCode;
import puente.broker.cluster.SessionDirectory;
import puente.broker.i18n.Messages;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.refusal.RefusalException;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TicketLog;
import puente.v1.EndReason;
import puente.v1.Refusal;
import puente.v1.RefusalReason;

/**
 * Where an agent's typed code is checked. Wrong, expired and reused codes get one and the same
 * answer, so the answer never tells whether someone else's code exists; failures are throttled per
 * agent and per source address.
 *
 * <p>Those throttles slow one account or one address, not many together. So every live code also
 * has a guess budget. A wrong guess of nine digits cannot say which code it aimed at, and it could
 * have hit any code live at that moment: it counts against all of them. A code that has seen {@code
 * budgets.codeGuesses} wrong guesses, by anyone from anywhere, since it was issued dies: its
 * session ends as CODE_EXPIRED with a TOO_MANY_ATTEMPTS refusal that tells the customer to ask for
 * a new code. However many accounts and addresses guess, a code is found with a chance of at most
 * budget / 10^9, and guessing faster only kills codes sooner. Codes issued later start afresh, so
 * the customer's next code is not already spent. Input that is not nine digits cannot hit a code
 * and does not count here (it still counts for the agent and the address).
 */
final class CodeGate {
  /** A code given out, with the count of wrong guesses the broker had seen by then. */
  private record Issued(long guessesBefore, LiveSession session) {}

  private final AtomicLong wrongGuesses = new AtomicLong();
  private final Deque<Issued> issued = new ArrayDeque<>();
  private final int codeGuesses;
  private final SessionEnding ending;
  private final SessionDirectory directory;
  private final AttemptThrottle throttle;
  private final TicketLog tickets;
  private final BrokerMetrics metrics;
  private final Clock clock;

  CodeGate(
      SessionDirectory directory,
      AttemptThrottle throttle,
      TicketLog tickets,
      BrokerMetrics metrics,
      Clock clock,
      int codeGuesses,
      SessionEnding ending) {
    this.codeGuesses = codeGuesses;
    this.ending = ending;
    this.directory = directory;
    this.throttle = throttle;
    this.tickets = tickets;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Claims a code for an agent.
   *
   * @param lookup finds a live session by id
   * @return the session, now in the agent's hands
   * @throws RefusalException TOO_MANY_ATTEMPTS or CODE_INVALID
   */
  LiveSession claim(
      String typedCode, Agent agent, String source, Function<String, LiveSession> lookup) {
    String agentKey = "agent:" + agent.username();
    String sourceKey = "addr:" + source;
    refuseIfThrottled(agentKey);
    refuseIfThrottled(sourceKey);
    Optional<SessionCode> code = SessionCode.parse(typedCode);
    LiveSession session = code.isEmpty() ? null : find(code.get(), agent, lookup);
    if (session == null) {
      recordFailure(agentKey);
      recordFailure(sourceKey);
      metrics.refused(RefusalReason.CODE_INVALID);
      if (code.isPresent()) {
        wrongGuess();
      }
      throw RefusalException.of(RefusalReason.CODE_INVALID, "code.invalid");
    }
    throttle.reset(agentKey);
    return session;
  }

  /**
   * Refuses a key that must still wait.
   *
   * @throws RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  void refuseIfThrottled(String key) {
    try {
      throttle.refuseIfWaiting(key);
    } catch (RefusalException e) {
      metrics.refused(RefusalReason.TOO_MANY_ATTEMPTS);
      throw e;
    }
  }

  /** Counts a failed attempt for a key. */
  void recordFailure(String key) {
    throttle.recordFailure(key);
  }

  /** Forgets a key's failures after a success. */
  void forget(String key) {
    throttle.reset(key);
  }

  /** A code was given out: from now on, wrong guesses count against it. */
  void issued(LiveSession session) {
    synchronized (issued) {
      // The oldest codes come first; those already opened or ended need no more watching.
      while (!issued.isEmpty()
          && issued.peekFirst().session().state() != LiveSession.State.WAITING) {
        issued.pollFirst();
      }
      issued.addLast(new Issued(wrongGuesses.get(), session));
    }
  }

  /** Counts a wrong guess against every live code, and kills those past their budget. */
  private void wrongGuess() {
    long seen = wrongGuesses.incrementAndGet();
    List<LiveSession> spent = new ArrayList<>();
    synchronized (issued) {
      while (!issued.isEmpty() && seen - issued.peekFirst().guessesBefore() >= codeGuesses) {
        spent.add(issued.pollFirst().session());
      }
    }
    for (LiveSession session : spent) {
      // Claiming the code first means no agent can open it meanwhile; one already opened stays.
      if (directory.claim(session.code()).outcome() == SessionDirectory.ClaimOutcome.CLAIMED) {
        metrics.codeGuessedOut();
        Locale locale = session.registration().locale();
        ending.end(
            session,
            EndReason.CODE_EXPIRED,
            Actors.BROKER,
            Refusal.newBuilder()
                .setReason(RefusalReason.TOO_MANY_ATTEMPTS)
                .setMessage(Messages.get(locale, "code.guessed"))
                .setLocale(locale.toLanguageTag())
                .build());
      }
    }
  }

  private LiveSession find(SessionCode code, Agent agent, Function<String, LiveSession> lookup) {
    SessionDirectory.Claim claim = directory.claim(code);
    LiveSession session = claim.entry() == null ? null : lookup.apply(claim.entry().sessionId());
    switch (claim.outcome()) {
      case CLAIMED:
        return session != null && session.state() == LiveSession.State.WAITING ? session : null;
      case USED:
        if (session != null) {
          tickets.record(
              session.ticketId(),
              session.id(),
              clock.instant(),
              agent.username(),
              EventKind.CODE_REUSED,
              null);
        }
        return null;
      default:
        return null;
    }
  }
}
