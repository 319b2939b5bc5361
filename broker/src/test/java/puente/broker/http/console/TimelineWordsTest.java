package puente.broker.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import puente.broker.policy.SupportPolicy;
import puente.broker.refusal.RefusalCode;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;

/**
 * Every kind of ticket timeline entry reads as a sentence in both languages: no reason codes,
 * states, {@code key=value} or arrows left from how the broker wrote it. The samples are the forms
 * each writer uses; a new {@link EventKind} fails here until it has samples and wording.
 */
class TimelineWordsTest {
  static final ZoneId MEXICO_CITY = ZoneId.of("America/Mexico_City");

  /** Details as the broker writes them, by kind (see each writer). */
  static final Map<EventKind, List<String>> SAMPLES = new EnumMap<>(EventKind.class);

  static {
    SAMPLES.put(
        EventKind.TICKET_OPENED,
        List.of("contabilidad 2026.2 @ PC-CAJA", "follows=12", "follows=12; pidió otra cosa"));
    SAMPLES.put(
        EventKind.REFUSED,
        List.of(
            "OFFICE_CLOSED(P12)",
            "LICENCE_EXPIRED(P3) VERSION_OUTDATED(P22)",
            "join CATEGORY_OUT_OF_SCOPE(P6)",
            "join PERMISSION_DENIED: removed by the customer"));
    SAMPLES.put(
        EventKind.CONSENT_REQUESTED,
        List.of("VIEW category=installation", "CONTROL category=accounting billable"));
    SAMPLES.put(EventKind.CONSENT_GIVEN, List.of("TUNNEL", "VIEW", "CONTROL"));
    SAMPLES.put(EventKind.CONSENT_DECLINED, List.of("declined", "timeout"));
    SAMPLES.put(EventKind.SESSION_STARTED, List.of("VIEW"));
    SAMPLES.put(EventKind.PARTICIPANT_JOINED, List.of("agent", "specialist", "supervisor"));
    SAMPLES.put(
        EventKind.PARTICIPANT_LEFT,
        List.of("left", "vanished", "removed by customer", "too slow", "access revoked"));
    SAMPLES.put(
        EventKind.SESSION_ENDED,
        List.of(
            "ENDED_BY_AGENT bytes_to_agent=1048576 bytes_to_customer=2048",
            "CONSENT_DECLINED CONSENT_REFUSED bytes_to_agent=0 bytes_to_customer=0",
            "BROKER_STOPPED found_live_at_start bytes_to_agent=10 bytes_to_customer=20"));
    SAMPLES.put(EventKind.CODE_REUSED, java.util.Collections.singletonList(null));
    SAMPLES.put(
        EventKind.RELAY_REFUSED,
        List.of("INPUT NOT_GRANTED", "CHAT SESSION_PAUSED repeated 14 more time(s)"));
    SAMPLES.put(
        EventKind.ESCALATED,
        List.of(
            "queue",
            "to luis: revisar el timbrado",
            "assigned to rafa (was: queue)",
            "assigned to rafa (was: to luis)"));
    SAMPLES.put(
        EventKind.CONTROL_REQUESTED,
        List.of(
            "nobody holds control",
            "from ana",
            "asks the customer for [CONTROL]",
            "customer asked to allow luis: [VIEW, CONTROL]"));
    SAMPLES.put(
        EventKind.CONTROL_CHANGED,
        List.of(
            "holder=sofia granted by ana",
            "holder=null released",
            "holder=ana released",
            "holder=ana taken back",
            "holder=ana control returned to owner",
            "holder=null control returned to owner"));
    SAMPLES.put(EventKind.CONTROL_VETOED, List.of("to luis"));
    SAMPLES.put(EventKind.PARTICIPANT_REMOVED, List.of("luis"));
    SAMPLES.put(EventKind.RETURNED_TO_QUEUE, List.of("waits up to PT5M"));
    SAMPLES.put(EventKind.VIEWER_DROPPED, List.of("luis"));
    SAMPLES.put(EventKind.PAUSED, java.util.Collections.singletonList(null));
    SAMPLES.put(EventKind.RESUMED, java.util.Collections.singletonList(null));
    SAMPLES.put(EventKind.SECRET_REDACTED, List.of("chat"));
    SAMPLES.put(EventKind.ACKNOWLEDGED, List.of("P13 office opened"));
    SAMPLES.put(EventKind.HELPER_ATTACHED, List.of("PC-CAJA"));
    SAMPLES.put(EventKind.NOTE, List.of("el cliente reinstaló el servidor"));
    SAMPLES.put(
        EventKind.WAITING_ON_CUSTOMER,
        List.of("IN_PROGRESS->WAITING_ON_CUSTOMER; falta el RFC", "falta el RFC"));
    SAMPLES.put(EventKind.CONTACT_ATTEMPT, List.of("NO_ANSWER attempt=1/2; buzón"));
    SAMPLES.put(
        EventKind.CUSTOMER_CONTACT,
        List.of(
            "REACHED",
            "WAITING_ON_CUSTOMER->IN_PROGRESS CUSTOMER_GOT_IN_TOUCH; mandó el RFC",
            "WAITING_ON_CUSTOMER->IN_PROGRESS helper registered"));
    SAMPLES.put(EventKind.CONTACT_REMINDER, List.of("attempts=0/2"));
    SAMPLES.put(
        EventKind.INFORMATION_COMPLETE,
        List.of(
            "due=2026-11-26T22:00:00Z",
            "WAITING_ON_CUSTOMER->IN_PROGRESS; due=2026-11-26T22:00:00Z; catálogo recibido",
            "catálogo recibido"));
    SAMPLES.put(
        EventKind.HANDED_TO_DEVELOPMENT,
        List.of("IN_PROGRESS->WAITING_ON_DEVELOPMENT reproduced release=2026.3"));
    SAMPLES.put(
        EventKind.HANDED_TO_THIRD_PARTY,
        List.of("IN_PROGRESS->WAITING_ON_THIRD_PARTY party=SAT; portal caído"));
    SAMPLES.put(
        EventKind.THIRD_PARTY_DELIVERED,
        List.of("WAITING_ON_THIRD_PARTY->IN_PROGRESS due=2026-11-27T16:00:00Z", ""));
    SAMPLES.put(EventKind.DUPLICATE_LINKED, List.of("duplicate=41"));
    SAMPLES.put(
        EventKind.CLOSED,
        List.of(
            "IN_PROGRESS->CLOSED SOLVED_BY_AGREEMENT; quedó listo",
            "IN_PROGRESS->CLOSED DUPLICATE of=40",
            "WAITING_ON_CUSTOMER->CLOSED NO_RESPONSE business_days=10 attempts=2"));
    SAMPLES.put(EventKind.FOLLOW_UP_OPENED, List.of("ticket=43"));
    SAMPLES.put(EventKind.CHANGE_REFUSED, List.of("TICKET_TRANSITION_REFUSED Close"));
    SAMPLES.put(EventKind.GRANT_CHANGED, List.of("[VIEW, CONTROL] -> [VIEW]", "[] -> [TUNNEL]"));
  }

  /** What must not be left in a sentence: codes, key=value, state arrows, missing keys. */
  static final Pattern RAW =
      Pattern.compile("\\b[A-Z]{2,}(_[A-Z]+)+\\b|\\w=\\S|->|\\btl\\.|refusal\\.reason\\.|\\[|\\]");

  static String said(String lang, EventKind kind, String detail) {
    Words w = Words.of(lang, SupportPolicy.defaults());
    return w.timeline(
        new TimelineEntry(1, 7, "s-1", Instant.parse("2026-11-24T16:00:00Z"), "ana", kind, detail));
  }

  @Test
  void everyKindOfEntryHasSamplesOfHowItIsWritten() {
    assertThat(SAMPLES.keySet()).containsExactlyInAnyOrder(EventKind.values());
  }

  @Test
  void everyEntryReadsAsASentenceInSpanishAndInEnglish() {
    for (Map.Entry<EventKind, List<String>> e : SAMPLES.entrySet()) {
      for (String detail : e.getValue()) {
        for (String lang : List.of("es-MX", "en")) {
          String said = said(lang, e.getKey(), detail);
          assertThat(said)
              .as("%s %s [%s]", lang, e.getKey(), detail)
              .isNotBlank()
              .doesNotContainPattern(RAW)
              .doesNotContain("(" + detail + ")");
        }
      }
    }
  }

  @Test
  void wordsTheEntriesStaffReadMost() {
    assertThat(said("es-MX", EventKind.CONTROL_CHANGED, "holder=sofia granted by ana"))
        .isEqualTo("El cliente aceptó: ahora sofia tiene el control (se lo pasó ana).");
    assertThat(said("en", EventKind.CONTROL_CHANGED, "holder=sofia granted by ana"))
        .isEqualTo("The customer accepted: sofia now has control (handed over by ana).");
    assertThat(said("es-MX", EventKind.REFUSED, "LICENCE_EXPIRED(P3) VERSION_OUTDATED(P22)"))
        .isEqualTo(
            "No se abrió la sesión: licencia no vigente (P3); versión desactualizada (P22).");
    assertThat(
            said(
                "es-MX",
                EventKind.SESSION_ENDED,
                "ENDED_BY_AGENT bytes_to_agent=1048576 bytes_to_customer=2048"))
        .isEqualTo(
            "Terminó la sesión: la terminó el agente. Se enviaron 1.0 MB al agente y 2.0 kB al"
                + " cliente.");
    assertThat(said("es-MX", EventKind.CONSENT_REQUESTED, "VIEW category=installation"))
        .isEqualTo(
            "Se pidió permiso al cliente para ver su pantalla; tema: «Error al instalar el"
                + " sistema».");
    assertThat(said("en", EventKind.CONSENT_REQUESTED, "VIEW category=installation"))
        .isEqualTo(
            "The customer was asked to allow them to view their screen; topic: “Error installing the"
                + " system”.");
    assertThat(said("es-MX", EventKind.ESCALATED, "assigned to rafa (was: to luis)"))
        .isEqualTo("Se asignó al especialista rafa; antes estaba ofrecido a luis (P15).");
    assertThat(said("es-MX", EventKind.INFORMATION_COMPLETE, "due=2026-11-26T22:00:00Z"))
        .isEqualTo(
            "Se recibió toda la información solicitada. La importación vence el 26/11/2026 16:00"
                + " (hora de la Ciudad de México) (P16).");
    assertThat(said("es-MX", EventKind.WAITING_ON_CUSTOMER, "falta el RFC"))
        .isEqualTo("El caso queda en espera del cliente (P19). Nota: falta el RFC");
  }

  @Test
  void aDetailInAFormNotKnownIsShownRatherThanLost() {
    assertThat(said("es-MX", EventKind.CONTROL_CHANGED, "moved somehow"))
        .isEqualTo("Cambió quién tiene el control. (moved somehow)");
  }

  @Test
  void everyReasonAndEveryWordOfThisPageExistInBothLanguages() throws IOException {
    Properties es = bundle("console.properties");
    Properties en = bundle("console_en.properties");
    for (RefusalCode code : RefusalCode.values()) {
      assertThat(es).containsKey("refusal.reason." + code.name());
    }
    Set<String> ours = new TreeSet<>();
    for (Properties p : List.of(es, en)) {
      for (String key : p.stringPropertyNames()) {
        if (key.startsWith("tl.") || key.startsWith("refusal") || key.startsWith("zone.")) {
          ours.add(key);
        }
      }
    }
    assertThat(ours).allSatisfy(key -> assertThat(es).containsKey(key));
    assertThat(ours).allSatisfy(key -> assertThat(en).containsKey(key));
  }

  static Properties bundle(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in =
        TimelineWordsTest.class.getResourceAsStream("/puente/broker/http/console/" + name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }
}
