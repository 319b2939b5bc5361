package puente.broker.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static puente.broker.ticket.Tickets.fresh;
import static puente.broker.ticket.Tickets.mx;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import puente.broker.i18n.Messages;
import puente.broker.refusal.RefusalException;
import puente.v1.RefusalReason;

/** The lifecycle's rules on values, with the vendor's calendar and fixed instants. */
class TicketLifecycleTest {
  final TicketLifecycle lifecycle = TicketLifecycle.defaults();

  Ticket apply(Ticket t, TicketCommand command, Instant at) {
    return lifecycle.apply(t, command, "ana", at).after();
  }

  static RefusalReason reasonOf(Runnable call) {
    try {
      call.run();
    } catch (RefusalException e) {
      return e.reason();
    }
    throw new AssertionError("not refused");
  }

  @Test
  @DisplayName("P13 a ticket received in office hours is acknowledged at once")
  void p13AcknowledgedAtOnceInOfficeHours() {
    Instant tuesdayMorning = mx("2026-11-24T10:00");
    assertThat(lifecycle.acknowledgeAt(tuesdayMorning)).isEqualTo(tuesdayMorning);
  }

  @Test
  @DisplayName("P13 outside hours it is acknowledged at the next opening: after lunch, Monday")
  void p13AcknowledgedAtTheNextOpening() {
    assertThat(lifecycle.acknowledgeAt(mx("2026-11-24T14:20"))).isEqualTo(mx("2026-11-24T15:00"));
    assertThat(lifecycle.acknowledgeAt(mx("2026-11-28T11:00"))).isEqualTo(mx("2026-11-30T09:00"));
    // Monday 16 November 2026 is the third Monday of November, a rest day.
    assertThat(lifecycle.acknowledgeAt(mx("2026-11-13T19:00"))).isEqualTo(mx("2026-11-17T09:00"));
  }

  @Test
  @DisplayName(
      "P16 an import is due 48 business hours after the information is complete,"
          + " across the lunch gap and a weekend")
  void p16DueAcrossLunchAndWeekend() {
    Ticket t = fresh(1, "import-request", mx("2026-11-25T10:00"));
    // Thursday 13:30: 0.5 h before lunch, 3 h after; Friday, Mon–Thu 8 h each; Friday 4.5 h.
    Ticket complete =
        apply(t, new TicketCommand.InformationComplete("todo"), mx("2026-11-26T13:30"));
    assertThat(complete.dueAt()).isEqualTo(mx("2026-12-04T13:30"));
    assertThat(lifecycle.dueStatus(complete, mx("2026-12-03T09:00"))).isEqualTo(DueStatus.ON_TIME);
    assertThat(lifecycle.dueStatus(complete, mx("2026-12-04T09:00"))).isEqualTo(DueStatus.NEAR_DUE);
    assertThat(lifecycle.dueStatus(complete, mx("2026-12-04T13:30"))).isEqualTo(DueStatus.OVERDUE);
  }

  @Test
  @DisplayName("P16 other categories get no due time (P18: no promised resolution)")
  void p16OnlyImportsGetADueTime() {
    Ticket t =
        apply(
            fresh(1, "installation", mx("2026-11-25T10:00")),
            new TicketCommand.InformationComplete(null),
            mx("2026-11-26T13:30"));
    assertThat(t.informationCompleteAt()).isEqualTo(mx("2026-11-26T13:30"));
    assertThat(t.dueAt()).isNull();
    assertThat(lifecycle.dueStatus(t, mx("2027-01-01T10:00"))).isEqualTo(DueStatus.NONE);
  }

  @Test
  @DisplayName("P24 a third-party wait stops the due clock; it resumes when the party delivers")
  void p24ThirdPartyWaitStopsTheDueClock() {
    Ticket t =
        apply(
            fresh(1, "import-request", mx("2026-11-25T10:00")),
            new TicketCommand.InformationComplete(null),
            mx("2026-11-26T13:30"));
    // Monday 10:00: 35.5 business hours are left until Friday 13:30.
    Ticket waiting =
        apply(
            t,
            new TicketCommand.HandToThirdParty("Proveedor de timbrado", null),
            mx("2026-11-30T10:00"));
    assertThat(waiting.state()).isEqualTo(TicketState.WAITING_ON_THIRD_PARTY);
    assertThat(lifecycle.dueStatus(waiting, mx("2026-12-07T10:00"))).isEqualTo(DueStatus.PAUSED);

    Ticket delivered =
        apply(
            waiting,
            new TicketCommand.ThirdPartyDelivered("llegó el parche"),
            mx("2026-12-09T10:00"));
    assertThat(delivered.state()).isEqualTo(TicketState.IN_PROGRESS);
    assertThat(delivered.thirdPartyDeliveredAt()).isEqualTo(mx("2026-12-09T10:00"));
    assertThat(delivered.dueAt()).isEqualTo(mx("2026-12-15T13:30"));
    assertThat(lifecycle.dueStatus(delivered, mx("2026-12-09T10:00"))).isEqualTo(DueStatus.ON_TIME);
  }

  @Test
  @DisplayName("P24 delivery is recorded only for a ticket waiting on a third party")
  void p24DeliveryNeedsAThirdPartyWait() {
    Ticket t = fresh(1, "installation", mx("2026-11-25T10:00"));
    assertThat(
            reasonOf(
                () ->
                    apply(t, new TicketCommand.ThirdPartyDelivered(null), mx("2026-11-25T11:00"))))
        .isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
  }

  @Test
  @DisplayName("P19 the silence clock runs 10 business days, skipping a weekend and a holiday")
  void p19SilenceEndsAfterTenBusinessDays() {
    Ticket waiting =
        apply(
            fresh(1, "installation", mx("2026-11-03T10:00")),
            new TicketCommand.WaitOnCustomer("falta el respaldo"),
            mx("2026-11-04T10:00"));
    assertThat(waiting.state()).isEqualTo(TicketState.WAITING_ON_CUSTOMER);
    // Nov 5, 6, 9–13 (7 days), 16 is a rest day, 17, 18, 19: Thursday 19 November.
    assertThat(lifecycle.silenceEndsAt(waiting)).isEqualTo(mx("2026-11-19T10:00"));
  }

  @Test
  @DisplayName("P19 with the silence over and two failed attempts the sweep closes the case")
  void p19SweepClosesAfterSilenceAndTwoAttempts() {
    Ticket t =
        apply(
            fresh(1, "installation", mx("2026-11-03T10:00")),
            new TicketCommand.WaitOnCustomer(null),
            mx("2026-11-04T10:00"));
    t =
        apply(
            t,
            new TicketCommand.LogContact(ContactOutcome.NO_ANSWER, "buzón"),
            mx("2026-11-17T10:00"));
    t =
        apply(
            t,
            new TicketCommand.LogContact(ContactOutcome.NO_ANSWER, "no contesta"),
            mx("2026-11-18T12:00"));
    assertThat(t.contactAttempts()).isEqualTo(2);
    Ticket dayBefore = t;
    assertThat(
            lifecycle
                .apply(dayBefore, new TicketCommand.Sweep(), "broker", mx("2026-11-19T09:59"))
                .isEmpty())
        .isTrue();

    Change swept = lifecycle.apply(t, new TicketCommand.Sweep(), "broker", mx("2026-11-19T10:00"));
    assertThat(swept.after().state()).isEqualTo(TicketState.CLOSED);
    assertThat(swept.after().closeReason()).isEqualTo(CloseReason.NO_RESPONSE);
    assertThat(swept.events()).extracting(Change.Event::kind).containsExactly(EventKind.CLOSED);
  }

  @Test
  @DisplayName("P19 without the attempts the sweep reminds staff once instead of closing")
  void p19SweepRemindsWhenAttemptsAreMissing() {
    Ticket t =
        apply(
            fresh(1, "installation", mx("2026-11-03T10:00")),
            new TicketCommand.WaitOnCustomer(null),
            mx("2026-11-04T10:00"));
    Change reminded =
        lifecycle.apply(t, new TicketCommand.Sweep(), "broker", mx("2026-11-19T10:00"));
    assertThat(reminded.after().state()).isEqualTo(TicketState.WAITING_ON_CUSTOMER);
    assertThat(reminded.events())
        .extracting(Change.Event::kind)
        .containsExactly(EventKind.CONTACT_REMINDER);
    assertThat(
            lifecycle
                .apply(
                    reminded.after(), new TicketCommand.Sweep(), "broker", mx("2026-11-20T10:00"))
                .isEmpty())
        .isTrue();
    assertThat(
            reasonOf(
                () ->
                    apply(
                        t,
                        new TicketCommand.Close(CloseReason.NO_RESPONSE, null),
                        mx("2026-11-20T10:00"))))
        .isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
  }

  @Test
  @DisplayName("P19 any customer contact stops the clock")
  void p19CustomerContactStopsTheClock() {
    Ticket t =
        apply(
            fresh(1, "installation", mx("2026-11-03T10:00")),
            new TicketCommand.WaitOnCustomer(null),
            mx("2026-11-04T10:00"));
    t =
        apply(
            t,
            new TicketCommand.LogContact(ContactOutcome.NO_ANSWER, null),
            mx("2026-11-05T10:00"));
    Ticket answered =
        apply(
            t,
            new TicketCommand.LogContact(
                ContactOutcome.CUSTOMER_GOT_IN_TOUCH, "mandó el respaldo por correo"),
            mx("2026-11-06T10:00"));
    assertThat(answered.state()).isEqualTo(TicketState.IN_PROGRESS);
    assertThat(answered.waitingSince()).isNull();
    assertThat(answered.contactAttempts()).isZero();
    assertThat(
            lifecycle
                .apply(answered, new TicketCommand.Sweep(), "broker", mx("2026-12-31T10:00"))
                .isEmpty())
        .isTrue();
    Ticket registeredAgain = lifecycle.helperAttached(t, "CAJA-01", mx("2026-11-06T10:00")).after();
    assertThat(registeredAgain.state()).isEqualTo(TicketState.IN_PROGRESS);
  }

  @Test
  @DisplayName("P20 a closed case refuses every change with a pointer to a follow-up")
  void p20ClosedIsNeverReopened() {
    Ticket closed =
        apply(
            fresh(7, "installation", mx("2026-11-24T10:00")),
            new TicketCommand.Close(CloseReason.SOLVED_BY_AGREEMENT, "quedó"),
            mx("2026-11-24T11:00"));
    assertThat(closed.closedAt()).isEqualTo(mx("2026-11-24T11:00"));
    assertThatThrownBy(
            () -> apply(closed, new TicketCommand.WaitOnCustomer(null), mx("2026-11-25T10:00")))
        .isInstanceOfSatisfying(
            RefusalException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
              assertThat(Messages.get(Messages.SPANISH_MEXICO, e.messageKey(), e.args()))
                  .contains("ya está cerrado")
                  .contains("follow-up 7");
            });
    // A note is not a reopening.
    assertThat(
            apply(closed, new TicketCommand.AddNote("facturado"), mx("2026-11-25T10:00")).state())
        .isEqualTo(TicketState.CLOSED);
  }

  @Test
  @DisplayName("P21 a duplicate closes with a link, never to itself")
  void p21DuplicateClosesWithALink() {
    Ticket t = fresh(5, "installation", mx("2026-11-24T10:00"));
    Ticket dup = apply(t, new TicketCommand.MarkDuplicate(4), mx("2026-11-24T10:05"));
    assertThat(dup.state()).isEqualTo(TicketState.CLOSED);
    assertThat(dup.closeReason()).isEqualTo(CloseReason.DUPLICATE);
    assertThat(dup.duplicateOf()).isEqualTo(4L);
    assertThat(reasonOf(() -> apply(t, new TicketCommand.MarkDuplicate(5), mx("2026-11-24T10:05"))))
        .isEqualTo(RefusalReason.INVALID_REQUEST);
  }

  @Test
  @DisplayName("P23 development takes only a fully reproduced problem with a promised release")
  void p23DevelopmentNeedsReproductionAndRelease() {
    Ticket working =
        fresh(1, "system-failure", mx("2026-11-24T10:00")).toBuilder()
            .state(TicketState.IN_PROGRESS, mx("2026-11-24T10:01"))
            .build();
    Instant at = mx("2026-11-24T12:00");
    assertThat(
            reasonOf(
                () ->
                    apply(working, new TicketCommand.HandToDevelopment(false, "2026.3", null), at)))
        .isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
    assertThat(
            reasonOf(
                () -> apply(working, new TicketCommand.HandToDevelopment(true, " ", null), at)))
        .isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
    Ticket dev =
        apply(working, new TicketCommand.HandToDevelopment(true, "2026.3", "pasos en la nota"), at);
    assertThat(dev.state()).isEqualTo(TicketState.WAITING_ON_DEVELOPMENT);
    assertThat(dev.reproduced()).isTrue();
    assertThat(dev.promisedRelease()).isEqualTo("2026.3");
    assertThat(dev.assignee()).isEqualTo("ana");
  }

  @Test
  @DisplayName("transitions outside the rules are refused with the state named in es-MX and en")
  void refusedTransitionsNameTheState() {
    Ticket t = fresh(3, "installation", mx("2026-11-24T10:00"));
    RefusalException refused =
        (RefusalException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    apply(
                        t,
                        new TicketCommand.LogContact(ContactOutcome.NO_ANSWER, null),
                        mx("2026-11-24T10:01")));
    assertThat(refused.reason()).isEqualTo(RefusalReason.TICKET_TRANSITION_REFUSED);
    assertThat(Messages.get(Messages.SPANISH_MEXICO, refused.messageKey(), refused.args()))
        .startsWith("El caso 3 está nuevo: no se puede registrar un intento de contacto");
    assertThat(Messages.get(java.util.Locale.ENGLISH, refused.messageKey(), refused.args()))
        .startsWith("Case 3 is new: you cannot log a failed contact attempt");
  }
}
