package puente.broker.session;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Locale;
import puente.broker.auth.Agent;
import puente.broker.i18n.Messages;
import puente.v1.AccessKind;
import puente.v1.ConsentPrompt;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.SessionEnded;

/** Builds the messages the broker sends about a session, worded in the receiver's locale. */
final class Events {
  private Events() {}

  /** The consent question for the customer about an agent opening the session. */
  static HelperEvent prompt(LiveSession session, LiveSession.PendingConsent pending) {
    return prompt(
        session, pending.promptId(), pending.requester(), pending.access(), pending.expiresAt());
  }

  /** A consent question for the customer. */
  static HelperEvent prompt(
      LiveSession session, String promptId, Agent requester, AccessKind access, Instant expiresAt) {
    Locale locale = session.registration().locale();
    String what =
        Messages.get(locale, "access." + access.name(), session.registration().offeredService());
    return HelperEvent.newBuilder()
        .setConsentPrompt(
            ConsentPrompt.newBuilder()
                .setPromptId(promptId)
                .setRequester(
                    Participant.newBuilder()
                        .setId(requester.username())
                        .setDisplayName(requester.displayName())
                        .setRole(requester.role().wireName()))
                .setAccess(access)
                .setMessage(
                    Messages.get(
                        locale,
                        "consent.prompt",
                        requester.displayName(),
                        Messages.get(locale, "role." + requester.role().wireName()),
                        what))
                .setExpiresAt(timestamp(expiresAt)))
        .build();
  }

  /** A notice, already worded. */
  static Notice notice(Notice.Kind kind, String message) {
    return Notice.newBuilder().setKind(kind).setMessage(message).build();
  }

  /** A notice as an event for the helper. */
  static HelperEvent toCustomer(Notice notice) {
    return HelperEvent.newBuilder().setNotice(notice).build();
  }

  /** The end of a session, with its reason in words. */
  static SessionEnded.Builder ended(EndReason reason, Locale locale) {
    return SessionEnded.newBuilder()
        .setReason(reason)
        .setMessage(Messages.get(locale, "end." + reason.name()));
  }

  /** An instant on the wire; the default (zero) timestamp for null. */
  static Timestamp timestamp(Instant instant) {
    return instant == null
        ? Timestamp.getDefaultInstance()
        : Timestamp.newBuilder()
            .setSeconds(instant.getEpochSecond())
            .setNanos(instant.getNano())
            .build();
  }
}
