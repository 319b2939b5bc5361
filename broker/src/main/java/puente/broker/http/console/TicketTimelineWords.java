package puente.broker.http.console;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import puente.text.TicketStates;

/**
 * The ticket's own entries in words, the part of the timeline after and between sessions: waiting
 * on the customer and the contact attempts (P19), information complete and the import due (P16),
 * hand-overs to development or a third party, closing, and refused changes. See {@link
 * TimelineWords} for the whole.
 */
final class TicketTimelineWords {
  private static final Pattern ATTEMPTS = Pattern.compile("attempts?=(\\d+)/(\\d+)");
  private static final Pattern CLOSED_SILENCE =
      Pattern.compile("^NO_RESPONSE business_days=(\\d+) attempts=(\\d+)$");

  private final Words w;

  TicketTimelineWords(Words w) {
    this.w = w;
  }

  String contactAttempt(TimelineDetail p) {
    Matcher m = ATTEMPTS.matcher(p.core());
    if (!m.find()) {
      return w.plainThen("tl.CONTACT_ATTEMPT.plain", p.core());
    }
    return w.withNote(w.t("tl.CONTACT_ATTEMPT", m.group(1), m.group(2)), p.note());
  }

  String customerContact(TimelineDetail p) {
    String said =
        switch (p.core()) {
          case "REACHED" -> w.t("tl.CUSTOMER_CONTACT.reached");
          case "CUSTOMER_GOT_IN_TOUCH" -> w.t("tl.CUSTOMER_CONTACT.inTouch");
          case "helper registered" -> w.t("tl.CUSTOMER_CONTACT.helper");
          default -> w.plainThen("tl.CUSTOMER_CONTACT.plain", p.core());
        };
    if (p.move() != null) {
      said = said + " " + w.t("tl.move", state(p.from()), state(p.to()));
    }
    return w.withNote(said, p.note());
  }

  String reminder(String detail) {
    Matcher m = ATTEMPTS.matcher(detail);
    return m.find()
        ? w.t("tl.CONTACT_REMINDER", m.group(1), m.group(2))
        : w.plainThen("tl.CONTACT_REMINDER.plain", detail);
  }

  String informationComplete(TimelineDetail p) {
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
    return w.withNote(said, note);
  }

  String thirdPartyDelivered(TimelineDetail p) {
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
    return w.withNote(said, note);
  }

  String closed(TimelineDetail p) {
    if (p.core().startsWith("DUPLICATE of=")) {
      return w.t("tl.CLOSED.duplicate", "#" + p.core().substring("DUPLICATE of=".length()));
    }
    Matcher silence = CLOSED_SILENCE.matcher(p.core());
    if (silence.matches()) {
      return w.t("tl.CLOSED.silence", silence.group(1), silence.group(2));
    }
    String why = w.t("close." + p.core());
    if (why.startsWith("close.")) {
      return w.plainThen("tl.CLOSED.plain", p.core());
    }
    return w.withNote(w.t("tl.CLOSED", w.lowerFirst(why)), p.note());
  }

  String changeRefused(String detail) {
    String[] parts = detail.split(" ", 2);
    String why = w.lowerFirst(w.t("refusal.reason." + parts[0]));
    String what = parts.length < 2 ? "" : w.word("tl.command.", parts[1]);
    return w.t("tl.CHANGE_REFUSED", what, why);
  }

  String state(String name) {
    return TicketStates.word(name, Locale.forLanguageTag(w.htmlLang()));
  }

  private String instant(String iso) {
    try {
      return w.whenZoned(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }
}
