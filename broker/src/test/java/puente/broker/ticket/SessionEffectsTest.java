package puente.broker.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static puente.broker.ticket.Tickets.fresh;
import static puente.broker.ticket.Tickets.mx;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a live session does to its case, decided on values: no database. */
class SessionEffectsTest {
  static final Instant OPENED = mx("2026-11-24T10:00");
  static final Instant WAITING_SINCE = mx("2026-11-24T11:00");
  static final Instant AT = mx("2026-11-25T12:00");

  final TicketLifecycle lifecycle = TicketLifecycle.defaults();

  /** A ticket in a state, waiting on the customer since yesterday with one failed attempt. */
  static Ticket in(TicketState state, String assignee) {
    Ticket.Builder t = fresh(7, "installation", OPENED).toBuilder().assignee(assignee);
    if (state == TicketState.CLOSED) {
      t.closed(CloseReason.SOLVED_BY_AGREEMENT, WAITING_SINCE);
    } else {
      t.state(state, WAITING_SINCE);
    }
    return t.waiting(WAITING_SINCE, 1, WAITING_SINCE).build();
  }

  @ParameterizedTest(name = "P19 P20 session started on {0} (assignee {1}) → {2}, assignee {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "NEW,                    -,     IN_PROGRESS,            ana",
        "NEW,                    luis,  IN_PROGRESS,            luis",
        "IN_PROGRESS,            -,     IN_PROGRESS,            ana",
        "WAITING_ON_CUSTOMER,    luis,  IN_PROGRESS,            luis",
        "ESCALATED,              -,     ESCALATED,              ana",
        "WAITING_ON_DEVELOPMENT, luis,  WAITING_ON_DEVELOPMENT, luis",
        "WAITING_ON_THIRD_PARTY, -,     WAITING_ON_THIRD_PARTY, ana",
      })
  void aStartedSessionEndsAWaitAndGivesAnUnassignedCaseToItsOpener(
      TicketState from, String assignee, TicketState to, String afterAssignee) {
    Ticket before = in(from, assignee);
    Change change = lifecycle.sessionStarted(before, "ana", "TUNNEL", AT);
    Ticket after = change.after();
    assertThat(after.state()).isEqualTo(to);
    assertThat(after.assignee()).isEqualTo(afterAssignee);
    // The customer accepted: that is contact, so the P19 clock and its attempts are cleared.
    assertThat(after.waitingSince()).isNull();
    assertThat(after.contactAttempts()).isZero();
    assertThat(after.remindedAt()).isNull();
    assertThat(after.updatedAt()).isEqualTo(AT);
    assertThat(after.version()).isEqualTo(before.version());
    assertThat(change.events())
        .containsExactly(new Change.Event(EventKind.SESSION_STARTED, "TUNNEL"));
  }

  @Test
  @DisplayName("P20 a session started on a closed case leaves it closed, and is on its timeline")
  void aStartedSessionLeavesAClosedCaseAsItIs() {
    Ticket closed = in(TicketState.CLOSED, null);
    Change change = lifecycle.sessionStarted(closed, "ana", "VIEW", AT);
    assertThat(change.after()).isEqualTo(closed);
    assertThat(change.events())
        .containsExactly(new Change.Event(EventKind.SESSION_STARTED, "VIEW"));
  }

  @ParameterizedTest(name = "P15 P20 escalation from {0} → {1}")
  @CsvSource({
    "NEW,                    ESCALATED",
    "IN_PROGRESS,            ESCALATED",
    "WAITING_ON_CUSTOMER,    ESCALATED",
    "ESCALATED,              ESCALATED",
    "WAITING_ON_DEVELOPMENT, ESCALATED",
    "WAITING_ON_THIRD_PARTY, ESCALATED",
    "CLOSED,                 CLOSED",
  })
  void anEscalationMovesAnOpenCaseToTheSpecialists(TicketState from, TicketState to) {
    Ticket before = in(from, "luis");
    Change change = lifecycle.escalated(before, "queue=specialists", AT);
    assertThat(change.after().state()).isEqualTo(to);
    assertThat(change.after().updatedAt()).isEqualTo(from.isOpen() ? AT : before.updatedAt());
    // Only the state moves: the P19 wait, assignee and category stay as they were.
    assertThat(change.after().waitingSince()).isEqualTo(before.waitingSince());
    assertThat(change.after().contactAttempts()).isEqualTo(before.contactAttempts());
    assertThat(change.after().assignee()).isEqualTo("luis");
    assertThat(change.events())
        .containsExactly(new Change.Event(EventKind.ESCALATED, "queue=specialists"));
  }

  @ParameterizedTest(name = "P17 P20 consent requested on {0}: category written = {1}")
  @CsvSource({
    "NEW,                 true",
    "IN_PROGRESS,         true",
    "WAITING_ON_CUSTOMER, true",
    "ESCALATED,           true",
    "CLOSED,              false",
  })
  void consentRequestedPutsTheAdmittedCategoryOnAnOpenCase(TicketState from, boolean written) {
    Ticket before = in(from, null);
    Change change = lifecycle.consentRequested(before, "import-request", 1, "TUNNEL", AT);
    Ticket after = change.after();
    if (written) {
      assertThat(after.category()).isEqualTo("import-request");
      assertThat(after.priority()).isEqualTo(1);
      assertThat(after.state()).isEqualTo(from);
      assertThat(after.updatedAt()).isEqualTo(AT);
      assertThat(after.waitingSince()).isEqualTo(WAITING_SINCE);
    } else {
      assertThat(after).isEqualTo(before);
    }
    assertThat(change.events())
        .containsExactly(new Change.Event(EventKind.CONSENT_REQUESTED, "TUNNEL"));
  }

  @ParameterizedTest(name = "a session ended with refusal {0} is {1}")
  @CsvSource(
      nullValues = "-",
      value = {"-, ENDED", "LICENCE_UNKNOWN, REFUSED", "OFFICE_CLOSED, REFUSED"})
  void aSessionRefusedByARuleEndsRefused(String refusal, SessionState state) {
    assertThat(SessionState.endedWith(refusal)).isEqualTo(state);
    assertThat(state.isLive()).isFalse();
  }

  @Test
  void onlyUnfinishedSessionsAreLive() {
    assertThat(SessionState.names(true)).containsExactly("WAITING", "CONSENT", "ACTIVE");
    assertThat(SessionState.names(false)).containsExactly("ENDED", "REFUSED");
  }
}
