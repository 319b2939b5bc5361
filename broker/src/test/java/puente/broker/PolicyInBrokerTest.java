package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import puente.broker.auth.Role;
import puente.broker.ticket.EventKind;
import puente.broker.ticket.TimelineEntry;
import puente.client.RefusalStatus;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.HelperEvent;
import puente.v1.Notice;
import puente.v1.Refusal;
import puente.v1.RefusalReason;

/** The support policy inside a running broker: refusals on the ticket, warnings, reloads. */
class PolicyInBrokerTest {
  @TempDir Path dir;

  SessionFlowTest flowAt(Clock clock, String... overrides) throws Exception {
    SessionFlowTest flow = new SessionFlowTest();
    flow.fixture = BrokerFixture.start(clock, overrides);
    flow.fixture.addAgent("ana", "Ana López", Role.AGENT);
    String token = flow.fixture.login("ana");
    flow.agent =
        puente.v1.AgentServiceGrpc.newStub(flow.fixture.channel())
            .withCallCredentials(BrokerFixture.bearer(token));
    return flow;
  }

  @Test
  void p12AnOpenOutsideOfficeHoursIsRefusedForBothSidesWithTheNextOpening() throws Exception {
    // Saturday 28 November 2026, 11:00 in Mexico City.
    SessionFlowTest flow =
        flowAt(Clock.fixed(Instant.parse("2026-11-28T17:00:00Z"), ZoneOffset.UTC));
    try {
      SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
      Throwable refused = SessionFlowTest.catchFailure(flow.open(helper.registered().getCode()));
      Refusal forAgent = RefusalStatus.fromThrowable(refused).orElseThrow();
      assertThat(forAgent.getReason()).isEqualTo(RefusalReason.OFFICE_CLOSED);
      assertThat(forAgent.getViolations(0).getRule()).isEqualTo("P12");
      assertThat(forAgent.getNextOpening().getSeconds())
          .isEqualTo(Instant.parse("2026-11-30T15:00:00Z").getEpochSecond());
      assertThat(forAgent.getSelfHelpUrl()).startsWith("https://");
      // The customer is told too, in Spanish, and nothing is relayed.
      HelperEvent ended = helper.events().next(HelperEvent::hasEnded);
      assertThat(ended.getEnded().getRefusal().getReason()).isEqualTo(RefusalReason.OFFICE_CLOSED);
      assertThat(ended.getEnded().getMessage()).contains("lunes 30 de noviembre");
      // The helper shows times in the policy's zone, named, whatever the machine's zone is.
      assertThat(helper.registered().getTimeZone()).isEqualTo("America/Mexico_City");
      assertThat(ended.getEnded().getRefusal().getTimeZone()).isEqualTo("America/Mexico_City");
      assertThat(
              flow.fixture
                  .broker()
                  .tickets()
                  .timeline(Long.parseLong(helper.registered().getTicketId())))
          .extracting(TimelineEntry::kind)
          .containsSubsequence(EventKind.TICKET_OPENED, EventKind.REFUSED, EventKind.SESSION_ENDED);
    } finally {
      flow.fixture.close();
    }
  }

  @Test
  void p12StaffAreWarnedBeforeClosingAndTheSessionIsNotCut() throws Exception {
    // Tuesday 24 November 2026, 17:55 in Mexico City: five minutes before closing.
    SessionFlowTest flow =
        flowAt(Clock.fixed(Instant.parse("2026-11-24T23:55:00Z"), ZoneOffset.UTC));
    try {
      SessionFlowTest.ConnectedHelper helper = flow.connectHelper();
      var opening = flow.open(helper.registered().getCode());
      flow.answer(helper, true);
      var opened = opening.get(10, TimeUnit.SECONDS);
      Recorder<AgentEvent> events = new Recorder<>();
      flow.agent
          .attach(events)
          .onNext(
              AgentMessage.newBuilder()
                  .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
                  .build());
      AgentEvent warning =
          events.next(e -> e.hasNotice() && e.getNotice().getKind() == Notice.Kind.CLOSING_SOON);
      assertThat(warning.getNotice().getAt().getSeconds())
          .isEqualTo(Instant.parse("2026-11-25T00:00:00Z").getEpochSecond());
      assertThat(flow.fixture.broker().sessions().live()).hasSize(1);
    } finally {
      flow.fixture.close();
    }
  }

  @Test
  void aChangedPolicyFileAppliesToTheNextDecisionAndABadOneIsIgnored() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.copy(BrokerProcess.alwaysOpenPolicy(), policy);
    // Saturday: open only under the always-open policy.
    ManualTime time = new ManualTime(Instant.parse("2026-11-28T17:00:00Z"));
    SessionFlowTest flow = new SessionFlowTest();
    flow.start(time, "policy.file=" + policy);
    try {
      SessionFlowTest.ConnectedHelper first = flow.connectHelper();
      var opening = flow.open(first.registered().getCode());
      flow.answer(first, true);
      opening.get(10, TimeUnit.SECONDS);

      Files.writeString(policy, "officeHours:\n  monday: [{start: \"25:00\", end: \"26:00\"}]\n");
      Files.setLastModifiedTime(policy, FileTime.from(Instant.now().plusSeconds(10)));
      time.advance(Duration.ofSeconds(5)); // the broker looks every 5 s (policy.reloadInterval)
      SessionFlowTest.ConnectedHelper second = flow.connectHelper();
      var stillOpen = flow.open(second.registered().getCode());
      flow.answer(second, true);
      stillOpen.get(10, TimeUnit.SECONDS);

      Files.writeString(policy, "holidays:\n  rules: []\n");
      Files.setLastModifiedTime(policy, FileTime.from(Instant.now().plusSeconds(20)));
      time.advance(Duration.ofSeconds(5));
      assertThat(
              flow.fixture
                  .broker()
                  .policy()
                  .current()
                  .calendar()
                  .isOpen(Instant.parse("2026-11-28T17:00:00Z")))
          .isFalse();
      SessionFlowTest.ConnectedHelper third = flow.connectHelper();
      Throwable refused = SessionFlowTest.catchFailure(flow.open(third.registered().getCode()));
      assertThat(RefusalStatus.fromThrowable(refused).orElseThrow().getReason())
          .isEqualTo(RefusalReason.OFFICE_CLOSED);
    } finally {
      flow.fixture.close();
    }
  }
}
