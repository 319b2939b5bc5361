package puente.broker.http.console;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;

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
  private static final Pattern ASSIGNED =
      Pattern.compile("^assigned to (\\S+) \\(was: (?:queue|to (\\S+))\\)$");
  private static final Pattern CONTROL = Pattern.compile("^holder=(\\S+) (.+)$");
  private static final Pattern GRANT = Pattern.compile("^\\[([A-Z, ]*)\\] -> \\[([A-Z, ]*)\\]$");

  private final Words w;
  private final TicketTimelineWords ticket;

  TimelineWords(Words w) {
    this.w = w;
    this.ticket = new TicketTimelineWords(w);
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
      case PARTICIPANT_JOINED -> w.t("tl.PARTICIPANT_JOINED", w.word("role.", detail));
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
              ? w.withNote(w.t("tl.WAITING_ON_CUSTOMER"), detail)
              : w.withNote(w.t("tl.WAITING_ON_CUSTOMER.from", ticket.state(p.from())), p.note());
      case CONTACT_ATTEMPT -> ticket.contactAttempt(p);
      case CUSTOMER_CONTACT -> ticket.customerContact(p);
      case CONTACT_REMINDER -> ticket.reminder(detail);
      case INFORMATION_COMPLETE -> ticket.informationComplete(p);
      case HANDED_TO_DEVELOPMENT ->
          w.withNote(
              w.t("tl.HANDED_TO_DEVELOPMENT", p.core().replaceFirst("^reproduced release=", "")),
              p.note());
      case HANDED_TO_THIRD_PARTY ->
          w.withNote(
              w.t("tl.HANDED_TO_THIRD_PARTY", p.core().replaceFirst("^party=", "")), p.note());
      case THIRD_PARTY_DELIVERED -> ticket.thirdPartyDelivered(p);
      case DUPLICATE_LINKED ->
          w.t("tl.DUPLICATE_LINKED", "#" + detail.replaceFirst("^duplicate=", ""));
      case CLOSED -> ticket.closed(p);
      case FOLLOW_UP_OPENED ->
          w.t("tl.FOLLOW_UP_OPENED", "#" + detail.replaceFirst("^ticket=", ""));
      case CHANGE_REFUSED -> ticket.changeRefused(detail);
      case GRANT_CHANGED -> grantChanged(detail);
    };
  }

  private String opened(String detail) {
    if (detail.startsWith("follows=")) {
      TimelineDetail p = TimelineDetail.of(detail.substring("follows=".length()));
      return w.withNote(w.t("tl.TICKET_OPENED.follows", "#" + p.core()), p.note());
    }
    Matcher m = Pattern.compile("^(\\S+) (\\S+) @ (.+)$").matcher(detail);
    if (m.matches()) {
      return w.t("tl.TICKET_OPENED", m.group(1), m.group(2), m.group(3));
    }
    return w.plainThen("tl.TICKET_OPENED.plain", detail);
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
      return w.plainThen("tl.CONSENT_REQUESTED.plain", detail);
    }
    return w.t(
        m.group(3) == null ? "tl.CONSENT_REQUESTED" : "tl.CONSENT_REQUESTED.billable",
        access(m.group(1)),
        w.category(m.group(2)));
  }

  private String access(String code) {
    return w.word("tl.access.", code);
  }

  private String left(String why) {
    return switch (why) {
      case "left" -> w.t("tl.PARTICIPANT_LEFT");
      case "vanished" -> w.t("tl.PARTICIPANT_LEFT.vanished");
      case "removed by customer" -> w.t("tl.PARTICIPANT_LEFT.removed");
      case "too slow" -> w.t("tl.PARTICIPANT_LEFT.slow");
      case "access revoked" -> w.t("tl.PARTICIPANT_LEFT.revoked");
      default -> w.plainThen("tl.PARTICIPANT_LEFT", why);
    };
  }

  private String ended(String detail) {
    Matcher m = ENDED.matcher(detail);
    if (!m.matches()) {
      return w.plainThen("tl.SESSION_ENDED.plain", detail);
    }
    String why = w.word("tl.end.", m.group(1));
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
      return w.plainThen("tl.RELAY_REFUSED.plain", detail);
    }
    String what = w.word("tl.inbound.", m.group(1));
    String why = w.lowerFirst(w.t("refusal.reason." + m.group(2)));
    return m.group(3) == null
        ? w.t("tl.RELAY_REFUSED", what, why)
        : w.t("tl.RELAY_REFUSED.repeated", what, why, Long.parseLong(m.group(3)));
  }

  private String escalated(String detail) {
    Matcher assigned = ASSIGNED.matcher(detail);
    if (assigned.matches()) {
      return assigned.group(2) == null
          ? w.t("tl.ESCALATED.assigned", assigned.group(1))
          : w.t("tl.ESCALATED.reassigned", assigned.group(1), assigned.group(2));
    }
    int colon = detail.indexOf(": ");
    String head = colon < 0 ? detail : detail.substring(0, colon);
    String note = colon < 0 ? "" : detail.substring(colon + 2);
    if (head.equals("queue")) {
      return w.withNote(w.t("tl.ESCALATED.queue"), note);
    }
    if (head.startsWith("to ")) {
      return w.withNote(w.t("tl.ESCALATED.to", head.substring(3)), note);
    }
    return w.plainThen("tl.ESCALATED.queue", detail);
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
    return w.plainThen("tl.CONTROL_REQUESTED.plain", detail);
  }

  private String controlChanged(String actor, String detail) {
    Matcher m = CONTROL.matcher(detail);
    if (!m.matches()) {
      return w.plainThen("tl.CONTROL_CHANGED.plain", detail);
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
              ? w.plainThen("tl.CONTROL_CHANGED.nobody", why)
              : w.plainThen("tl.CONTROL_CHANGED.to", holder, why);
    };
  }

  private String returned(String detail) {
    String wait = detail.replaceFirst("^waits up to ", "");
    try {
      return w.t("tl.RETURNED_TO_QUEUE", w.duration(Duration.parse(wait)));
    } catch (DateTimeParseException e) {
      return w.plainThen("tl.RETURNED_TO_QUEUE.plain", detail);
    }
  }

  private String grantChanged(String detail) {
    Matcher m = GRANT.matcher(detail);
    if (!m.matches()) {
      return w.plainThen("tl.GRANT_CHANGED.plain", detail);
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
        .map(c -> w.word("grant.", c))
        .collect(Collectors.joining(", "));
  }
}
