package puente.broker.session;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import puente.broker.auth.Agent;
import puente.broker.cluster.SessionCode;
import puente.broker.cluster.SessionDirectory;
import puente.broker.config.BrokerConfig;
import puente.broker.config.Budgets;
import puente.broker.metrics.BrokerMetrics;
import puente.broker.policy.LicenceBook;
import puente.broker.refusal.RefusalLog;
import puente.broker.relay.DataPlane;
import puente.broker.relay.Link;
import puente.broker.ticket.TicketLog;
import puente.broker.time.Timeouts;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.ControlAction;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.OpenSessionResponse;
import puente.v1.RegisterRequest;

/**
 * The session core as the edges see it: registration and codes ({@link Registrar}), opening and
 * consent ({@link Opening}), who is in a session ({@link Membership}), control and the grant
 * ({@link ControlDesk}), the customer's own controls ({@link CustomerControls}), escalations
 * ({@link Escalations}) and the one end path ({@link SessionEnding}). Every inbound message passes
 * the {@link Gate}. This class only wires the parts and hands each call to the one that does it;
 * the parts get the narrow collaborators they need, never this class.
 */
public final class SessionService {
  private final LoginThrottle logins;
  private final Registrar registrar;
  private final Opening opening;
  private final Membership membership;
  private final CustomerControls customer;
  private final ControlDesk control;
  private final Escalations escalations;
  private final QueueBoard queueBoard;
  private final SessionEnding ending;
  private final SessionTable table;
  private final RefusalRecorder refusals;
  private final BrokerMetrics metrics;

  /**
   * What a registered helper gets back.
   *
   * @param zone the support policy's time zone, in which the helper shows every time
   */
  public record Registered(
      SessionCode code, Instant codeExpiresAt, String helperToken, long ticketId, ZoneId zone) {}

  /**
   * Wires the session core.
   *
   * @param nodeId this broker node's id in the directory
   * @param timeouts runs consent, attach, queue and control-prompt timeouts, and ticket writes off
   *     the relay path
   * @param staff finds a member of staff by user name
   * @param budgets registrations, code guesses and logins allowed before refusals
   * @param ticker measures the budgets' time
   * @param refusalLog where refused requests are recorded for the console
   */
  public SessionService(
      BrokerConfig.Sessions settings,
      Clock clock,
      SessionDirectory directory,
      String nodeId,
      LicenceBook licences,
      TicketLog tickets,
      Admission admission,
      AttemptThrottle throttle,
      Budgets budgets,
      Ticker ticker,
      BrokerMetrics metrics,
      Timeouts timeouts,
      Function<String, Optional<Agent>> staff,
      RefusalLog refusalLog) {
    this.metrics = metrics;
    this.table = new SessionTable(directory, nodeId);
    this.refusals = new RefusalRecorder(tickets, metrics, clock, timeouts::execute, refusalLog);
    this.ending = new SessionEnding(clock, directory, table, tickets, metrics, refusals);
    CodeGate codes =
        new CodeGate(directory, throttle, tickets, metrics, clock, budgets.codeGuesses(), ending);
    this.control = new ControlDesk(tickets, metrics, clock, timeouts, settings, refusals);
    this.queueBoard = new QueueBoard(table::live, clock);
    this.escalations =
        new Escalations(ending, tickets, metrics, clock, timeouts, settings, staff, queueBoard);
    this.customer = new CustomerControls(control, tickets, clock, refusals);
    this.membership =
        new Membership(
            settings,
            clock,
            table,
            tickets,
            admission,
            control,
            escalations,
            metrics,
            timeouts,
            customer,
            refusals);
    this.opening =
        new Opening(
            settings, clock, table, tickets, admission, codes, control, metrics, timeouts, ending,
            refusals);
    this.registrar =
        new Registrar(
            settings,
            clock,
            directory,
            table,
            licences,
            admission,
            tickets,
            codes,
            refusals,
            ending,
            new RegistrationBudget(budgets, ticker, metrics));
    this.logins = new LoginThrottle(throttle, budgets.loginFailuresPerUser(), metrics, ticker);
  }

  /**
   * The router of this broker's relay frames.
   *
   * @param redactor masks secrets in chat (P11)
   * @param dataPlane carries tunnel bytes
   * @param ticker measures how long a viewer lags
   */
  public FrameRouter frameRouter(Redactor redactor, DataPlane dataPlane, Ticker ticker) {
    return new FrameRouter(membership, refusals, redactor, dataPlane, metrics, ticker);
  }

  /**
   * Checks a staff login attempt against the throttle before the password is checked.
   *
   * @param source the caller's address
   * @throws puente.broker.refusal.RefusalException TOO_MANY_ATTEMPTS with the time to wait
   */
  public void beforeLogin(String username, String source) {
    logins.beforeLogin(username, source);
  }

  /** A login failed: counted for the throttle and in the refusal metrics. */
  public void loginFailed(String username, String source) {
    logins.loginFailed(username, source);
  }

  /** A login succeeded: the failures of this user from this address are forgotten. */
  public void loginSucceeded(String username, String source) {
    logins.loginSucceeded(username, source);
  }

  /** See {@link Registrar#register}. */
  public Registered register(RegisterRequest request, String source) {
    return registrar.register(request, source);
  }

  /** See {@link Registrar#helperConnected}. */
  public LiveSession helperConnected(String helperToken, Link<HelperEvent> link) {
    return registrar.helperConnected(helperToken, link);
  }

  /** See {@link Opening#open}. */
  public CompletableFuture<OpenSessionResponse> open(
      Agent agent,
      String typedCode,
      AccessKind access,
      Admission.Request request,
      String source,
      Locale staffLocale) {
    return opening.open(agent, typedCode, access, request, source, staffLocale);
  }

  /** See {@link Opening#answerConsent}. */
  public void answerConsent(
      LiveSession session, String promptId, boolean accepted, boolean timedOut) {
    opening.answerConsent(session, promptId, accepted, timedOut);
  }

  /**
   * See {@link Membership#attach}.
   *
   * @param credential the digest of the token the stream was opened with
   */
  public LiveSession attach(
      Agent agent,
      String credential,
      String sessionId,
      Link<AgentEvent> link,
      Locale locale,
      boolean askControl) {
    return membership.attach(agent, credential, sessionId, link, locale, askControl);
  }

  /**
   * See {@link Membership#watch}.
   *
   * @param credential the digest of the token the watcher signed in with
   */
  public LiveSession watch(
      Agent agent, String credential, String sessionId, Link<AgentEvent> link, Locale locale) {
    return membership.watch(agent, credential, sessionId, link, locale);
  }

  /** See {@link Membership#askFullFrame}. */
  public void askFullFrame(LiveSession session, Agent agent, Link<AgentEvent> link, Locale locale) {
    membership.askFullFrame(session, agent, link, locale);
  }

  /** See {@link Membership#endRevoked}. */
  public int endRevokedAccess(Function<Set<String>, Set<String>> stillGranted) {
    return membership.endRevoked(stillGranted);
  }

  /** See {@link Membership#memberLeft}. */
  public void memberLeft(LiveSession session, Agent agent, boolean cleanly) {
    membership.memberLeft(session, agent, cleanly);
  }

  /** See {@link Membership#removeByCustomer}. */
  public void removeByCustomer(LiveSession session, String participantId) {
    membership.removeByCustomer(session, participantId);
  }

  /** See {@link CustomerControls#pauseByCustomer}. */
  public void pauseByCustomer(LiveSession session, boolean paused) {
    customer.pauseByCustomer(session, paused);
  }

  /** See {@link CustomerControls#narrowByCustomer}. */
  public void narrowByCustomer(LiveSession session, List<AccessKind> capabilities) {
    customer.narrowByCustomer(session, capabilities);
  }

  /**
   * A member's control action (request, grant, release, take back), judged by the gate.
   *
   * @param link the member's stream, which gets the answer to a refused action
   */
  public void controlAction(
      LiveSession session,
      Agent agent,
      Link<AgentEvent> link,
      Locale locale,
      ControlAction action) {
    control.act(session, agent, link, locale, action);
  }

  /** See {@link Escalations#escalate}. */
  public void escalate(Agent agent, String sessionId, String specialist, String note) {
    escalations.escalate(agent, table.byId(sessionId), specialist, note);
  }

  /** The escalation queue as this member of staff may serve it. */
  public List<puente.v1.Escalation> escalationQueue(Agent viewer) {
    return escalations.queue(viewer);
  }

  /** See {@link Escalations#assign}. */
  public void assignEscalation(Agent supervisor, String sessionId, String specialist) {
    escalations.assign(supervisor, table.byId(sessionId), specialist);
  }

  /** Every live session, for a supervisor. */
  public List<puente.v1.LiveSessionInfo> supervise(Agent viewer) {
    return escalations.supervise(viewer, table.live());
  }

  /** See {@link SessionEnding#endByStaff}. */
  public void endByStaff(Agent agent, String sessionId) {
    ending.endByStaff(agent, sessionId);
  }

  /** See {@link SessionEnding#end(LiveSession, EndReason, String, puente.v1.Refusal)}. */
  public void end(
      LiveSession session, EndReason reason, String actor, puente.v1.Refusal customerRefusal) {
    ending.end(session, reason, actor, customerRefusal);
  }

  /** Ends every live session (the broker is stopping). */
  public void endAll(EndReason reason) {
    ending.endAll(reason);
  }

  /** See {@link SessionEnding#checkpointBytes}. */
  public void checkpointBytes() {
    ending.checkpointBytes();
  }

  /** Sessions live on this broker. */
  public Collection<LiveSession> live() {
    return table.live();
  }

  /** The escalations waiting for a specialist, for the console and the REST API. */
  public QueueBoard queueBoard() {
    return queueBoard;
  }

  /** A read-only picture of the live sessions, for the console. */
  public LiveBoard board() {
    return new LiveBoard(table::live);
  }
}
