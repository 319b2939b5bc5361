package puente.broker.http.console;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.text.TicketStates;

/**
 * A ticket's timeline entry as a sentence in the console's language. The ticket log keeps each
 * entry's detail as its writer put it (reason codes, states, {@code key=value}); this reads those
 * forms back and words them. One case per {@link EventKind}, no default, so that a new kind does
 * not compile until it has its wording. A detail in a form this does not know (an older broker's)
 * is shown after the kind's plain sentence rather than lost.
 */
final class TimelineWords {
  private static final Pattern REASON = Pattern.compile("([A-Z_]+)(?:\\(([^)]*)\\))?");
  private static final Pattern RELAY =
      Pattern.compile("^([A-Z_]+) ([A-Z_]+)(?: repeated (\\d+) more time\\(s\\))?$");
  private static final Pattern ENDED =
      Pattern.compile(
          "^([A-Z_]+)(?: ([A-Z_]+))?( found_live_at_start)? bytes_to_agent=(\\d+)"
              + " bytes_to_customer=(\\d+)$");
  private static final Pattern CONTROL = Pattern.compile("^holder=(\\S+) (.+)$");
  private static final Pattern GRANT = Pattern.compile("^\\[([A-Z, ]*)\\] -> \\[([A-Z, ]*)\\]$");
  private static final Pattern ATTEMPTS = Pattern.compile("attempts?=(\\d+)/(\\d+)");
  private static final Pattern CLOSED_SILENCE =
      Pattern.compile("^NO_RESPONSE business_days=(\\d+) attempts=(\\d+)$");

  private final Words w;

  TimelineWords(Words w) {
    this.w = w;
  }

  /** The entry as a sentence. */
  String sentence(TimelineEntry e) {
    String detail = e.detail() == null ? "" : e.detail().strip();
    TimelineDetail p = TimelineDetail.of(detail);
    return switch (e.kind()) {
      case TICKET_OPENED -> opened(detail);
      case REFUSED -> refused(detail);
      case CONSENT_REQUESTED -> consentRequested(detail);
      case CONSENT_GIVEN -> w.t("tl.CONSENT_GIVEN", access(detail));
      case CONSENT_DECLINED ->
          detail.equals("timeout")
              ? w.t("tl.CONSENT_DECLINED.timeout")
              : w.t("tl.CONSENT_DECLINED");
      case SESSION_STARTED -> w.t("tl.SESSION_STARTED", access(detail));
      case PARTICIPANT_JOINED -> w.t("tl.PARTICIPANT_JOINED", word("role.", detail));
      case PARTICIPANT_LEFT -> left(detail);
      case SESSION_ENDED -> ended(detail);
      case CODE_REUSED -> w.t("tl.CODE_REUSED");
      case RELAY_REFUSED -> relayRefused(detail);
      case ESCALATED -> escalated(detail);
      case CONTROL_REQUESTED -> controlRequested(detail);
      case CONTROL_CHANGED -> controlChanged(e.actor(), detail);
      case CONTROL_VETOED -> w.t("tl.CONTROL_VETOED", detail.replaceFirst("^to ", ""));
      case PARTICIPANT_REMOVED -> w.t("tl.PARTICIPANT_REMOVED", detail);
      case RETURNED_TO_QUEUE -> returned(detail);
      case VIEWER_DROPPED -> w.t("tl.VIEWER_DROPPED", detail);
      case PAUSED -> w.t("tl.PAUSED");
      case RESUMED -> w.t("tl.RESUMED");
      case SECRET_REDACTED ->
          detail.equals("chat") ? w.t("tl.SECRET_REDACTED.chat") : w.t("tl.SECRET_REDACTED");
      case ACKNOWLEDGED -> w.t("tl.ACKNOWLEDGED");
      case HELPER_ATTACHED -> w.t("tl.HELPER_ATTACHED", detail);
      case NOTE -> w.t("tl.NOTE", detail);
      case WAITING_ON_CUSTOMER ->
          p.move() == null
              ? withNote(w.t("tl.WAITING_ON_CUSTOMER"), detail)
              : withNote(w.t("tl.WAITING_ON_CUSTOMER.from", state(p.from())), p.note());
      case CONTACT_ATTEMPT -> contactAttempt(p);
      case CUSTOMER_CONTACT -> customerContact(p);
      case CONTACT_REMINDER -> reminder(detail);
      case INFORMATION_COMPLETE -> informationComplete(p);
      case HANDED_TO_DEVELOPMENT ->
          withNote(
              w.t("tl.HANDED_TO_DEVELOPMENT", p.core().replaceFirst("^reproduced release=", "")),
              p.note());
      case HANDED_TO_THIRD_PARTY ->
          withNote(w.t("tl.HANDED_TO_THIRD_PARTY", p.core().replaceFirst("^party=", "")), p.note());
      case THIRD_PARTY_DELIVERED -> thirdPartyDelivered(p);
      case DUPLICATE_LINKED ->
          w.t("tl.DUPLICATE_LINKED", "#" + detail.replaceFirst("^duplicate=", ""));
      case CLOSED -> closed(p);
      case FOLLOW_UP_OPENED ->
          w.t("tl.FOLLOW_UP_OPENED", "#" + detail.replaceFirst("^ticket=", ""));
      case CHANGE_REFUSED -> changeRefused(detail);
      case GRANT_CHANGED -> grantChanged(detail);
    };
  }

  private String opened(String detail) {
    if (detail.startsWith("follows=")) {
      TimelineDetail p = TimelineDetail.of(detail.substring("follows=".length()));
      return withNote(w.t("tl.TICKET_OPENED.follows", "#" + p.core()), p.note());
    }
    Matcher m = Pattern.compile("^(\\S+) (\\S+) @ (.+)$").matcher(detail);
    if (m.matches()) {
      return w.t("tl.TICKET_OPENED", m.group(1), m.group(2), m.group(3));
    }
    return unknown("tl.TICKET_OPENED.plain", detail);
  }

  private String refused(String detail) {
    if (detail.equals("join PERMISSION_DENIED: removed by the customer")) {
      return w.t("tl.REFUSED.removed");
    }
    boolean join = detail.startsWith("join ");
    String codes = join ? detail.substring(5) : detail;
    return w.t(join ? "tl.REFUSED.join" : "tl.REFUSED", reasons(codes));
  }

  /** {@code LICENCE_EXPIRED(P3) VERSION_OUTDATED(P22)} in words. */
  private String reasons(String codes) {
    List<String> said = new ArrayList<>();
    for (String token : codes.split(" ")) {
      Matcher m = REASON.matcher(token);
      if (!m.matches()) {
        said.add(token);
        continue;
      }
      String reason = w.lowerFirst(w.t("refusal.reason." + m.group(1)));
      said.add(
          m.group(2) == null || m.group(2).isEmpty() ? reason : reason + " (" + m.group(2) + ")");
    }
    return String.join("; ", said);
  }

  private String consentRequested(String detail) {
    Matcher m = Pattern.compile("^([A-Z_]+) category=(\\S+)( billable)?$").matcher(detail);
    if (!m.matches()) {
      return unknown("tl.CONSENT_REQUESTED.plain", detail);
    }
    return w.t(
        m.group(3) == null ? "tl.CONSENT_REQUESTED" : "tl.CONSENT_REQUESTED.billable",
        access(m.group(1)),
        m.group(2));
  }

  private String access(String code) {
    return word("tl.access.", code);
  }

  private String left(String why) {
    return switch (why) {
      case "left" -> w.t("tl.PARTICIPANT_LEFT");
      case "vanished" -> w.t("tl.PARTICIPANT_LEFT.vanished");
      case "removed by customer" -> w.t("tl.PARTICIPANT_LEFT.removed");
      case "too slow" -> w.t("tl.PARTICIPANT_LEFT.slow");
      case "access revoked" -> w.t("tl.PARTICIPANT_LEFT.revoked");
      default -> unknown("tl.PARTICIPANT_LEFT", why);
    };
  }

  private String ended(String detail) {
    Matcher m = ENDED.matcher(detail);
    if (!m.matches()) {
      return unknown("tl.SESSION_ENDED.plain", detail);
    }
    String why = word("tl.end.", m.group(1));
    if (m.group(2) != null) {
      why = why + " (" + w.lowerFirst(w.t("refusal.reason." + m.group(2))) + ")";
    }
    String toAgent = w.bytes(Long.parseLong(m.group(4)));
    String toCustomer = w.bytes(Long.parseLong(m.group(5)));
    return w.t(
        m.group(3) == null ? "tl.SESSION_ENDED" : "tl.SESSION_ENDED.found",
        why,
        toAgent,
        toCustomer);
  }

  private String relayRefused(String detail) {
    Matcher m = RELAY.matcher(detail);
    if (!m.matches()) {
      return unknown("tl.RELAY_REFUSED.plain", detail);
    }
    String what = word("tl.inbound.", m.group(1));
    String why = w.lowerFirst(w.t("refusal.reason." + m.group(2)));
    return m.group(3) == null
        ? w.t("tl.RELAY_REFUSED", what, why)
        : w.t("tl.RELAY_REFUSED.repeated", what, why, Long.parseLong(m.group(3)));
  }

  private String escalated(String detail) {
    int colon = detail.indexOf(": ");
    String head = colon < 0 ? detail : detail.substring(0, colon);
    String note = colon < 0 ? "" : detail.substring(colon + 2);
    if (head.equals("queue")) {
      return withNote(w.t("tl.ESCALATED.queue"), note);
    }
    if (head.startsWith("to ")) {
      return withNote(w.t("tl.ESCALATED.to", head.substring(3)), note);
    }
    return unknown("tl.ESCALATED.queue", detail);
  }

  private String controlRequested(String detail) {
    if (detail.equals("nobody holds control")) {
      return w.t("tl.CONTROL_REQUESTED.free");
    }
    if (detail.startsWith("from ")) {
      return w.t("tl.CONTROL_REQUESTED.from", detail.substring(5));
    }
    if (detail.startsWith("asks the customer for ")) {
      return w.t("tl.CONTROL_REQUESTED.widen", grant(detail.substring(22)));
    }
    Matcher m = Pattern.compile("^customer asked to allow (\\S+): (.*)$").matcher(detail);
    if (m.matches()) {
      return w.t("tl.CONTROL_REQUESTED.handOver", m.group(1), grant(m.group(2)));
    }
    return unknown("tl.CONTROL_REQUESTED.plain", detail);
  }

  private String controlChanged(String actor, String detail) {
    Matcher m = CONTROL.matcher(detail);
    if (!m.matches()) {
      return unknown("tl.CONTROL_CHANGED.plain", detail);
    }
    String holder = m.group(1).equals("null") ? null : m.group(1);
    String why = m.group(2);
    if (why.startsWith("granted by ")) {
      return w.t("tl.CONTROL_CHANGED.granted", holder, why.substring(11));
    }
    return switch (why) {
      case "released" ->
          holder == null
              ? w.t("tl.CONTROL_CHANGED.releasedToNobody")
              : w.t("tl.CONTROL_CHANGED.released", holder);
      case "taken back" -> w.t("tl.CONTROL_CHANGED.takenBack");
      case "control returned to owner" ->
          holder == null
              ? w.t("tl.CONTROL_CHANGED.nobody")
              : w.t("tl.CONTROL_CHANGED.returned", holder);
      default ->
          holder == null
              ? unknown("tl.CONTROL_CHANGED.nobody", why)
              : unknown("tl.CONTROL_CHANGED.to", holder, why);
    };
  }

  private String returned(String detail) {
    String wait = detail.replaceFirst("^waits up to ", "");
    try {
      return w.t("tl.RETURNED_TO_QUEUE", w.duration(Duration.parse(wait)));
    } catch (DateTimeParseException e) {
      return unknown("tl.RETURNED_TO_QUEUE.plain", detail);
    }
  }

  private String contactAttempt(TimelineDetail p) {
    Matcher m = ATTEMPTS.matcher(p.core());
    if (!m.find()) {
      return unknown("tl.CONTACT_ATTEMPT.plain", p.core());
    }
    return withNote(w.t("tl.CONTACT_ATTEMPT", m.group(1), m.group(2)), p.note());
  }

  private String customerContact(TimelineDetail p) {
    String said =
        switch (p.core()) {
          case "REACHED" -> w.t("tl.CUSTOMER_CONTACT.reached");
          case "CUSTOMER_GOT_IN_TOUCH" -> w.t("tl.CUSTOMER_CONTACT.inTouch");
          case "helper registered" -> w.t("tl.CUSTOMER_CONTACT.helper");
          default -> unknown("tl.CUSTOMER_CONTACT.plain", p.core());
        };
    if (p.move() != null) {
      said = said + " " + w.t("tl.move", state(p.from()), state(p.to()));
    }
    return withNote(said, p.note());
  }

  private String reminder(String detail) {
    Matcher m = ATTEMPTS.matcher(detail);
    return m.find()
        ? w.t("tl.CONTACT_REMINDER", m.group(1), m.group(2))
        : unknown("tl.CONTACT_REMINDER.plain", detail);
  }

  private String informationComplete(TimelineDetail p) {
    List<String> rest = new ArrayList<>(p.rest());
    String due = null;
    String core = p.core();
    if (core.isEmpty() && !rest.isEmpty() && rest.get(0).startsWith("due=")) {
      core = rest.remove(0);
    }
    if (core.startsWith("due=")) {
      due = core.substring(4);
      core = "";
    }
    String said = w.t("tl.INFORMATION_COMPLETE");
    if (due != null) {
      said = said + " " + w.t("tl.dueAt", instant(due));
    }
    String note = String.join("; ", rest);
    if (!core.isEmpty()) {
      note = note.isEmpty() ? core : core + "; " + note;
    }
    return withNote(said, note);
  }

  private String thirdPartyDelivered(TimelineDetail p) {
    String said = w.t("tl.THIRD_PARTY_DELIVERED");
    String core = p.core();
    if (core.startsWith("due=")) {
      said = said + " " + w.t("tl.dueAt", instant(core.substring(4)));
      core = "";
    }
    String note = p.note();
    if (!core.isEmpty()) {
      note = note.isEmpty() ? core : core + "; " + note;
    }
    return withNote(said, note);
  }

  private String closed(TimelineDetail p) {
    if (p.core().startsWith("DUPLICATE of=")) {
      return w.t("tl.CLOSED.duplicate", "#" + p.core().substring("DUPLICATE of=".length()));
    }
    Matcher silence = CLOSED_SILENCE.matcher(p.core());
    if (silence.matches()) {
      return w.t("tl.CLOSED.silence", silence.group(1), silence.group(2));
    }
    String why = w.t("close." + p.core());
    if (why.startsWith("close.")) {
      return unknown("tl.CLOSED.plain", p.core());
    }
    return withNote(w.t("tl.CLOSED", w.lowerFirst(why)), p.note());
  }

  private String changeRefused(String detail) {
    String[] parts = detail.split(" ", 2);
    String why = w.lowerFirst(w.t("refusal.reason." + parts[0]));
    String what = parts.length < 2 ? "" : word("tl.command.", parts[1]);
    return w.t("tl.CHANGE_REFUSED", what, why);
  }

  private String grantChanged(String detail) {
    Matcher m = GRANT.matcher(detail);
    if (!m.matches()) {
      return unknown("tl.GRANT_CHANGED.plain", detail);
    }
    return w.t("tl.GRANT_CHANGED", grant("[" + m.group(1) + "]"), grant("[" + m.group(2) + "]"));
  }

  /** {@code [VIEW, CONTROL]} in words. */
  private String grant(String list) {
    String inside = list.strip().replaceFirst("^\\[", "").replaceFirst("\\]$", "").strip();
    if (inside.isEmpty()) {
      return w.t("tl.grant.none");
    }
    return Arrays.stream(inside.split(",\\s*"))
        .map(c -> word("grant.", c))
        .collect(Collectors.joining(", "));
  }

  private String state(String name) {
    return TicketStates.word(name, Locale.forLanguageTag(w.htmlLang()));
  }

  private String instant(String iso) {
    try {
      return w.whenZoned(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** A code's words under a prefix; the code itself when the bundle has none. */
  private String word(String prefix, String code) {
    String said = w.t(prefix + code);
    return said.equals(prefix + code) ? code : said;
  }

  private String withNote(String sentence, String note) {
    return note == null || note.isBlank()
        ? sentence
        : sentence + " " + w.t("tl.note", note.strip());
  }

  /** The kind's plain sentence, then the detail as written, for a form this does not know. */
  private String unknown(String key, Object... args) {
    String detail = String.valueOf(args[args.length - 1]);
    String plain = w.t(key, Arrays.copyOf(args, args.length - 1));
    return detail.isBlank() ? plain : plain + " (" + detail + ")";
  }
}
