package puente.broker.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import puente.broker.auth.Secrets;
import puente.broker.cluster.SessionCode;
import puente.broker.cluster.SessionDirectory;
import puente.broker.config.BrokerConfig;
import puente.broker.i18n.Messages;
import puente.broker.policy.Licence;
import puente.broker.policy.LicenceBook;
import puente.broker.refusal.RefusalException;
import puente.broker.relay.Link;
import puente.broker.ticket.NewTicket;
import puente.broker.ticket.TicketLog;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.RefusalReason;
import puente.v1.RegisterRequest;

/**
 * Registration and codes: a helper registers with its licence, within the registration budgets, and
 * gets a single-use code and a ticket; its stream connects with the secret token; a code nobody
 * opened expires and ends its session.
 */
final class Registrar {
  private final BrokerConfig.Sessions settings;
  private final Clock clock;
  private final SessionDirectory directory;
  private final SessionTable table;
  private final LicenceBook licences;
  private final Admission admission;
  private final TicketLog tickets;
  private final CodeGate codes;
  private final RefusalRecorder refusals;
  private final SessionEnding ending;
  private final RegistrationBudget budget;
  private final SecureRandom random = new SecureRandom();

  Registrar(
      BrokerConfig.Sessions settings,
      Clock clock,
      SessionDirectory directory,
      SessionTable table,
      LicenceBook licences,
      Admission admission,
      TicketLog tickets,
      CodeGate codes,
      RefusalRecorder refusals,
      SessionEnding ending,
      RegistrationBudget budget) {
    this.settings = settings;
    this.clock = clock;
    this.directory = directory;
    this.table = table;
    this.licences = licences;
    this.admission = admission;
    this.tickets = tickets;
    this.codes = codes;
    this.refusals = refusals;
    this.ending = ending;
    this.budget = budget;
    directory.onExpiry(this::codeExpired);
  }

  /**
   * Registers a helper: takes it from the source's and the licence's budgets, asks the policy (P1:
   * an unknown licence is refused), then opens a ticket and issues a code. A refused registration
   * opens no ticket: anyone can send one, and the ticket list is the support centre's, not theirs
   * to fill. It is counted and logged instead.
   *
   * @param source the caller's address, for throttling
   * @throws RefusalException INVALID_REQUEST, LICENCE_UNKNOWN or TOO_MANY_ATTEMPTS
   */
  SessionService.Registered register(RegisterRequest request, String source) {
    Requests.validate(request);
    table.requireOpen();
    String throttleKey = "licence-addr:" + source;
    codes.refuseIfThrottled(throttleKey);
    budget.fromAddress(source);
    Instant now = clock.instant();
    Optional<Licence> licence = licences.find(request.getLicenceKey());
    if (licence.isPresent()) {
      budget.forLicence(request.getLicenceKey(), source);
    }
    Locale locale = Messages.resolve(request.getLocale());
    try {
      admission.admitRegistration(
          licence.orElse(null), request.getProduct(), request.getInstalledVersion(), now, locale);
    } catch (Admission.Refused refused) {
      codes.recordFailure(throttleKey);
      RefusalReason reason = refused.forStaff().getReason();
      refusals.refusedRegistration(
          reason,
          request.getLicenceKey(),
          licence.map(Licence::customerName).orElse(null),
          request.getProduct(),
          request.getInstalledVersion(),
          now,
          Messages.get(locale, "licence.unknown", request.getLicenceKey()));
      budget.refusedByPolicy(request.getLicenceKey(), source, reason);
      // The helper is told which key was not found, in the broker's words.
      throw RefusalException.of(reason, "licence.unknown", request.getLicenceKey());
    }
    String sessionId = UUID.randomUUID().toString();
    long ticketId =
        tickets.openTicket(
            new NewTicket(
                request.getLicenceKey(),
                licence.map(Licence::customerName).orElse(null),
                request.getProduct(),
                request.getInstalledVersion(),
                request.getMachine().getMachineId(),
                request.getMachine().getHostname()),
            sessionId,
            now);
    Registration registration =
        new Registration(
            request.getLicenceKey(),
            licence.map(Licence::customerName).orElse(null),
            request.getProduct(),
            request.getInstalledVersion(),
            request.getMachine(),
            locale,
            request.getOfferedService());
    String token = Secrets.newToken();
    SessionCode code = reserveCode(sessionId);
    LiveSession session =
        new LiveSession(sessionId, ticketId, code, registration, Secrets.digest(token));
    table.add(session);
    codes.issued(session);
    return new SessionService.Registered(
        code, now.plus(settings.codeTtl()), token, ticketId, admission.zone());
  }

  /**
   * Connects a registered helper's stream.
   *
   * @throws RefusalException UNAUTHENTICATED for an unknown token, CONFLICT for a second stream
   */
  LiveSession helperConnected(String helperToken, Link<HelperEvent> link) {
    LiveSession session = table.byHelperToken(Secrets.digest(helperToken));
    if (session == null || session.state() == LiveSession.State.ENDED) {
      throw RefusalException.of(RefusalReason.UNAUTHENTICATED, "helper.token.invalid");
    }
    PendingConsent pending;
    synchronized (session) {
      if (session.helper() != null) {
        throw RefusalException.of(RefusalReason.CONFLICT, "session.conflict");
      }
      session.setHelper(link);
      pending = session.consent();
    }
    link.send(
        HelperEvent.newBuilder()
            .setWaiting(HelperEvent.Waiting.newBuilder().setCode(session.code().display()))
            .build());
    if (pending != null) {
      link.send(Prompts.opening(session, pending));
    }
    return session;
  }

  private void codeExpired(SessionDirectory.Entry entry) {
    LiveSession session = table.byId(entry.sessionId());
    if (session != null && session.state() == LiveSession.State.WAITING) {
      ending.end(session, EndReason.CODE_EXPIRED, Actors.BROKER, null);
    }
  }

  private SessionCode reserveCode(String sessionId) {
    SessionDirectory.Entry entry = new SessionDirectory.Entry(sessionId, table.nodeId());
    for (int attempt = 0; attempt < 100; attempt++) {
      SessionCode code = SessionCode.random(random);
      if (directory.reserve(code, entry)) {
        return code;
      }
    }
    throw new IllegalStateException("no free session code after 100 draws");
  }
}
