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
  RELAY_REFUSED,
  /** A member escalated the session to specialists (P15). */
  ESCALATED,
  /** Someone asked for control. */
  CONTROL_REQUESTED,
  /** Control passed; the detail names the new holder. */
  CONTROL_CHANGED,
  /** The customer vetoed a control hand-over. */
  CONTROL_VETOED,
  /** The customer removed a participant. */
  PARTICIPANT_REMOVED,
  /** Nobody from staff was left; the session went back to the queue. */
  RETURNED_TO_QUEUE,
  /** A viewer fell too far behind and was dropped. */
  VIEWER_DROPPED,
  /** The customer paused sharing. */
  PAUSED,
  /** The customer resumed sharing. */
  RESUMED,
  /** A secret was masked in chat or a note before it was relayed or stored (P11). */
  SECRET_REDACTED
}
