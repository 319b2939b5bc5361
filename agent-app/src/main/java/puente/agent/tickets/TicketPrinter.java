package puente.agent.tickets;

import com.google.protobuf.Timestamp;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import puente.text.Showable;
import puente.v1.CloseReason;
import puente.v1.Ticket;
import puente.v1.TicketDetail;
import puente.v1.TicketState;
import puente.v1.TimelineEntry;

/** How tickets read on the agent's terminal, in Mexican Spanish. */
final class TicketPrinter {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

  private static final Map<TicketState, String> STATES =
      Map.of(
          TicketState.TICKET_STATE_NEW, "nuevo",
          TicketState.TICKET_STATE_IN_PROGRESS, "en atención",
          TicketState.TICKET_STATE_WAITING_ON_CUSTOMER, "en espera del cliente",
          TicketState.TICKET_STATE_ESCALATED, "con especialista",
          TicketState.TICKET_STATE_WAITING_ON_DEVELOPMENT, "en espera de desarrollo",
          TicketState.TICKET_STATE_WAITING_ON_THIRD_PARTY, "en espera de un tercero",
          TicketState.TICKET_STATE_CLOSED, "cerrado");

  private static final Map<CloseReason, String> REASONS =
      Map.of(
          CloseReason.CLOSE_REASON_SOLVED_BY_AGREEMENT, "resuelto de común acuerdo",
          CloseReason.CLOSE_REASON_NO_RESPONSE, "sin respuesta del cliente",
          CloseReason.CLOSE_REASON_DUPLICATE, "duplicado",
          CloseReason.CLOSE_REASON_WITHDRAWN, "el cliente lo retiró");

  private static final Map<String, String> KINDS =
      Map.ofEntries(
          Map.entry("TICKET_OPENED", "caso abierto"),
          Map.entry("ACKNOWLEDGED", "acuse de recibo"),
          Map.entry("HELPER_ATTACHED", "el cliente volvió a abrir Puente"),
          Map.entry("NOTE", "nota"),
          Map.entry("WAITING_ON_CUSTOMER", "en espera del cliente"),
          Map.entry("CONTACT_ATTEMPT", "intento de contacto"),
          Map.entry("CUSTOMER_CONTACT", "contacto con el cliente"),
          Map.entry("CONTACT_REMINDER", "recordatorio: intentar contacto"),
          Map.entry("INFORMATION_COMPLETE", "información completa"),
          Map.entry("HANDED_TO_DEVELOPMENT", "pasado a desarrollo"),
          Map.entry("HANDED_TO_THIRD_PARTY", "en espera de un tercero"),
          Map.entry("THIRD_PARTY_DELIVERED", "el tercero entregó"),
          Map.entry("DUPLICATE_LINKED", "otro caso se marcó como duplicado de este"),
          Map.entry("CLOSED", "cerrado"),
          Map.entry("FOLLOW_UP_OPENED", "se abrió un caso de seguimiento"),
          Map.entry("CHANGE_REFUSED", "cambio rechazado"),
          Map.entry("CONSENT_REQUESTED", "se pidió permiso al cliente"),
          Map.entry("CONSENT_GIVEN", "el cliente dio permiso"),
          Map.entry("CONSENT_DECLINED", "el cliente no dio permiso"),
          Map.entry("SESSION_STARTED", "sesión iniciada"),
          Map.entry("SESSION_ENDED", "sesión terminada"),
          Map.entry("PARTICIPANT_JOINED", "entró a la sesión"),
          Map.entry("PARTICIPANT_LEFT", "salió de la sesión"),
          Map.entry("ESCALATED", "escalado a especialista"),
          Map.entry("REFUSED", "rechazado"),
          Map.entry("RELAY_REFUSED", "mensaje rechazado por el servidor"),
          Map.entry("GRANT_CHANGED", "cambió lo que el cliente permite"));

  private TicketPrinter() {}

  /** The states an agent can filter the queue by, as typed on the command line. */
  enum State {
    NUEVO(TicketState.TICKET_STATE_NEW),
    EN_ATENCION(TicketState.TICKET_STATE_IN_PROGRESS),
    ESPERA_CLIENTE(TicketState.TICKET_STATE_WAITING_ON_CUSTOMER),
    ESPECIALISTA(TicketState.TICKET_STATE_ESCALATED),
    ESPERA_DESARROLLO(TicketState.TICKET_STATE_WAITING_ON_DEVELOPMENT),
    ESPERA_TERCERO(TicketState.TICKET_STATE_WAITING_ON_THIRD_PARTY);

    private final TicketState wire;

    State(TicketState wire) {
      this.wire = wire;
    }

    TicketState wire() {
      return wire;
    }
  }

  /** One queue line: number, priority, state, customer, machine, age, and any clock. */
  static String line(Ticket t) {
    StringBuilder line =
        new StringBuilder(
            String.format(
                "#%-6s %-3s %-24s %-28s %-12s %s",
                t.getTicketId(),
                t.getPriority() == 0 ? "-" : "P" + t.getPriority(),
                state(t),
                cut(
                    Showable.line(
                        t.getCustomerName().isEmpty() ? t.getLicenceKey() : t.getCustomerName()),
                    28),
                cut(Showable.line(t.getHostname()), 12),
                age(Duration.ofSeconds(t.getAgeSeconds()))));
    String due = due(t);
    if (!due.isEmpty()) {
      line.append("  ").append(due);
    }
    if (t.hasSilenceEndsAt()) {
      line.append("  sin respuesta hasta ")
          .append(when(t.getSilenceEndsAt()))
          .append(", intentos: ")
          .append(t.getContactAttempts());
    }
    return line.toString().stripTrailing();
  }

  /** A case with its timeline. */
  static void detail(PrintWriter out, TicketDetail detail) {
    Ticket t = detail.getTicket();
    out.println(
        "Caso #"
            + t.getTicketId()
            + ": "
            + state(t)
            + (t.getAssignee().isEmpty()
                ? ", sin asignar"
                : ", a cargo de " + Showable.line(t.getAssignee())));
    out.println(
        "Cliente: "
            + (t.getCustomerName().isEmpty()
                ? "(licencia desconocida)"
                : Showable.line(t.getCustomerName()))
            + ", licencia "
            + Showable.line(t.getLicenceKey()));
    out.println(
        "Sistema: "
            + Showable.line(t.getProduct())
            + " "
            + Showable.line(t.getInstalledVersion())
            + ", equipo "
            + Showable.line(t.getHostname()));
    if (!t.getCategory().isEmpty()) {
      out.println(
          "Categoría: " + Showable.line(t.getCategory()) + ", prioridad " + t.getPriority());
    }
    out.println(
        "Recibido: "
            + when(t.getOpenedAt())
            + (t.getAcknowledged()
                ? ", acuse " + when(t.getAcknowledgedAt())
                : ", acuse pendiente para " + when(t.getAcknowledgedAt())));
    if (t.hasWaitingSince()) {
      out.println(
          "En espera del cliente desde "
              + when(t.getWaitingSince())
              + "; se cierra sin respuesta a partir de "
              + when(t.getSilenceEndsAt())
              + " si hay 2 intentos de contacto (lleva "
              + t.getContactAttempts()
              + ")");
    }
    if (t.hasInformationCompleteAt()) {
      out.println(
          "Información completa: "
              + when(t.getInformationCompleteAt())
              + (due(t).isEmpty() ? "" : "; " + due(t)));
    }
    if (!t.getPromisedRelease().isEmpty()) {
      out.println(
          "Desarrollo: problema reproducido; corrección prometida en la versión "
              + Showable.line(t.getPromisedRelease()));
    }
    if (!t.getThirdParty().isEmpty()) {
      out.println(
          "Tercero: "
              + Showable.line(t.getThirdParty())
              + (t.hasThirdPartyDeliveredAt()
                  ? ", entregó el " + when(t.getThirdPartyDeliveredAt())
                  : ", aún no entrega"));
    }
    if (!t.getDuplicateOf().isEmpty()) {
      out.println("Duplicado del caso #" + t.getDuplicateOf());
    }
    if (!t.getFollows().isEmpty()) {
      out.println("Seguimiento del caso #" + t.getFollows());
    }
    if (t.getState() == TicketState.TICKET_STATE_CLOSED) {
      out.println(
          "Cerrado: "
              + when(t.getClosedAt())
              + ", "
              + REASONS.getOrDefault(t.getCloseReason(), t.getCloseReason().name()));
    }
    if (t.getBillableSeconds() > 0) {
      out.println(
          "Tiempo facturable de asesoría: " + age(Duration.ofSeconds(t.getBillableSeconds())));
    }
    out.println("Historial:");
    for (TimelineEntry e : detail.getTimelineList()) {
      out.println(
          "  "
              + when(e.getAt())
              + "  "
              + String.format("%-10s", Showable.line(e.getActor()))
              + "  "
              + KINDS.getOrDefault(e.getKind(), e.getKind())
              + (e.getDetail().isEmpty() ? "" : ": " + Showable.lines(e.getDetail(), "      ")));
    }
  }

  static String state(Ticket t) {
    return STATES.getOrDefault(t.getState(), t.getState().name());
  }

  private static String due(Ticket t) {
    if (!t.hasDueAt()) {
      return "";
    }
    String status =
        switch (t.getDueStatus()) {
          case DUE_STATUS_NEAR_DUE -> " (por vencer)";
          case DUE_STATUS_OVERDUE -> " (VENCIDO)";
          case DUE_STATUS_PAUSED -> " (reloj detenido: espera de un tercero)";
          case DUE_STATUS_MET -> " (cumplido)";
          default -> "";
        };
    return "vence " + when(t.getDueAt()) + status;
  }

  static String age(Duration age) {
    if (age.toDays() > 0) {
      return age.toDays() + " d " + age.toHoursPart() + " h";
    }
    if (age.toHours() > 0) {
      return age.toHours() + " h " + age.toMinutesPart() + " min";
    }
    return age.toMinutes() + " min";
  }

  static String when(Timestamp at) {
    return WHEN.format(Instant.ofEpochSecond(at.getSeconds()).atZone(ZoneId.systemDefault()));
  }

  private static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
