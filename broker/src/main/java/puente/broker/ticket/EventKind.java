package puente.broker.ticket;

/** What happened, as recorded on a ticket's timeline. Stored by name: never rename. */
public enum EventKind {
  /** The helper registered and the ticket was opened. */
  TICKET_OPENED,
  /** A request was refused (policy, code, consent); the detail holds the reason code. */
  REFUSED,
  /** An agent opened the code and the customer was asked for consent. */
  CONSENT_REQUESTED,
  /** The customer accepted. */
  CONSENT_GIVEN,
  /** The customer declined or did not answer in time. */
  CONSENT_DECLINED,
  /** Relaying started. */
  SESSION_STARTED,
  /** Someone joined the session. */
  PARTICIPANT_JOINED,
  /** Someone left the session. */
  PARTICIPANT_LEFT,
  /** The session ended; the detail holds the reason and the bytes each way. */
  SESSION_ENDED,
  /** A used code was tried again. */
  CODE_REUSED,
  /** A frame was refused: sent before consent, or by a participant without control. */
  RELAY_REFUSED
}
