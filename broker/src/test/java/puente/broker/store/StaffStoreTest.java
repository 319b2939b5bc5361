package puente.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import puente.broker.auth.ApiScope;
import puente.broker.auth.AuditEntry;
import puente.broker.auth.Role;

/** Staff accounts, their tokens, API keys and the audit log, on H2 and PostgreSQL. */
class StaffStoreTest {
  static final Instant T0 = Instant.parse("2026-11-24T16:00:00Z");
  static final Instant LATER = T0.plusSeconds(3600);

  static java.util.stream.Stream<org.junit.jupiter.api.Named<TestDatabases.Kind>> kinds() {
    return TestDatabases.kinds();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void revokingAccessDropsExactlyThatAccountsTokens(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      AgentStore agents = new AgentStore(db);
      long ana = agents.add("ana", "Ana López", Role.AGENT, "h", "root", T0).id();
      long sofia = agents.add("sofia", "Sofía Ruiz", Role.SPECIALIST, "h", "root", T0).id();
      String anaToken = "a".repeat(64);
      String anaOther = "b".repeat(64);
      String sofiaToken = "c".repeat(64);
      agents.saveToken(anaToken, ana, T0, LATER);
      agents.saveToken(anaOther, ana, T0, LATER);
      agents.saveToken(sofiaToken, sofia, T0, LATER);
      assertThat(agents.stillGranted(List.of(anaToken, anaOther, sofiaToken, "d".repeat(64))))
          .containsExactlyInAnyOrder(anaToken, anaOther, sofiaToken);

      assertThat(agents.revokeToken(anaOther, T0).orElseThrow().username()).isEqualTo("ana");
      assertThat(agents.revokeToken(anaOther, T0)).isEmpty();
      assertThat(agents.setEnabled("sofia", false, "root", T0)).isTrue();
      assertThat(agents.stillGranted(Set.of(anaToken, anaOther, sofiaToken)))
          .containsExactly(anaToken);
      assertThat(agents.agentForToken(sofiaToken, T0)).isEmpty();
      assertThat(agents.credentials("sofia")).isEmpty();

      assertThat(agents.changeRole("ana", Role.SUPERVISOR, "root", T0)).isEqualTo(Role.AGENT);
      assertThat(agents.stillGranted(Set.of(anaToken))).isEmpty();
      assertThat(agents.find("ana").orElseThrow().role()).isEqualTo(Role.SUPERVISOR);

      agents.remove("ana", "root", LATER);
      assertThat(agents.find("ana")).isEmpty();
      assertThat(agents.list())
          .extracting(a -> a.agent().username() + " " + a.enabled() + " " + a.removedAt())
          .containsExactly("ana false " + LATER, "sofia false null");
      assertThatThrownBy(() -> agents.setEnabled("ana", true, "root", LATER))
          .hasMessage("agent ana is unknown");
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aLoginIsTheAccountsLastAndEveryChangeIsAudited(TestDatabases.Kind kind) {
    try (Database db = kind.open()) {
      AgentStore agents = new AgentStore(db);
      long ana = agents.add("ana", "Ana López", Role.AGENT, "h", "root", T0).id();
      agents.saveToken("a".repeat(64), ana, LATER, LATER.plusSeconds(60));
      assertThat(agents.list().get(0).lastLoginAt()).isEqualTo(LATER);

      ApiKeyStore keys = new ApiKeyStore(db);
      long id =
          keys.create("Mesa", EnumSet.of(ApiScope.TICKETS_READ), "k".repeat(64), "root", T0).id();
      assertThat(keys.active("k".repeat(64)).orElseThrow().allows(ApiScope.TICKETS_READ)).isTrue();
      keys.revoke(id, "root", LATER);
      assertThat(keys.active("k".repeat(64))).isEmpty();
      assertThat(keys.list().get(0).revokedAt()).isEqualTo(LATER);

      assertThat(new StaffAudit(db).entries())
          .extracting(AuditEntry::action)
          .containsExactly("add", "apikey-create", "apikey-revoke");
    }
  }
}
