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
  SECRET_REDACTED,
  /** The ticket was acknowledged at the office's next opening (P13). */
  ACKNOWLEDGED,
  /** A helper registered again for this open case and was attached to it (P21). */
  HELPER_ATTACHED,
  /** A note by staff. */
  NOTE,
  /** The ticket waits on the customer; the silence clock starts (P19). */
  WAITING_ON_CUSTOMER,
  /** Staff tried to reach the customer and could not (P19). */
  CONTACT_ATTEMPT,
  /** The customer was reached or got in touch; the silence clock stops (P19). */
  CUSTOMER_CONTACT,
  /** Staff are reminded to make the contact attempts (P19). */
  CONTACT_REMINDER,
  /** All requested information is in; the detail holds the due time if any (P16). */
  INFORMATION_COMPLETE,
  /** Handed to development; the detail holds the promised release (P23). */
  HANDED_TO_DEVELOPMENT,
  /** Waiting on a third party; due clocks stop (P24). */
  HANDED_TO_THIRD_PARTY,
  /** The third party delivered; clocks resume (P24). */
  THIRD_PARTY_DELIVERED,
  /** Another ticket was closed as a duplicate of this one (P21). */
  DUPLICATE_LINKED,
  /** The ticket was closed; the detail holds the reason. */
  CLOSED,
  /** A new ticket was opened to follow up this closed one (P20). */
  FOLLOW_UP_OPENED,
  /** A change was refused; the detail holds the reason code and what was asked. */
  CHANGE_REFUSED,
  /** The customer's grant changed: widened by a yes to a prompt, or narrowed by the customer. */
  GRANT_CHANGED
}
