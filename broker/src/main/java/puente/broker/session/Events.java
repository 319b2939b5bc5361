package puente.broker.session;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.Locale;
import puente.broker.i18n.Messages;
import puente.v1.EndReason;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.SessionEnded;

/** Builds the messages the broker sends about a session, worded in the receiver's locale. */
final class Events {
  private Events() {}

  /** What the customer allows now, and whether they paused, as everyone is told it. */
  static puente.v1.GrantChanged grant(LiveSession session) {
    return puente.v1.GrantChanged.newBuilder()
        .addAllCapabilities(session.grant().wire())
        .setPaused(session.paused())
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
