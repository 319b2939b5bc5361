package puente.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import puente.broker.config.ConfigLoader;
import puente.broker.store.AgentStore;
import puente.broker.store.Database;

/**
 * A staff token is kept in memory after its first check, and never outlives a revocation: one made
 * in this process is refused on the very next use, one written by another process within the
 * broker's one-second check.
 */
class TokenServiceTest {
  static final char[] PASSWORD = "contraseña-larga-1".toCharArray();

  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T15:00:00Z"));
  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  String url;
  Database broker;
  Database elsewhere;
  TokenService tokens;

  @BeforeEach
  void open() {
    url = "jdbc:h2:mem:tokens-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    broker = open(url);
    // A second pool on the same database stands for another process writing to it.
    elsewhere = open(url);
    AgentStore accounts = new AgentStore(broker);
    PasswordHasher hasher = new PasswordHasher();
    accounts.add("ana", "Ana López", Role.AGENT, hasher.hash(PASSWORD), now.get());
    accounts.add("beto", "Beto Ruiz", Role.AGENT, hasher.hash(PASSWORD), now.get());
    tokens = new TokenService(accounts, hasher, clock, Duration.ofHours(12));
  }

  @AfterEach
  void close() {
    elsewhere.close();
    broker.close();
  }

  static Database open(String url) {
    return Database.open(new ConfigLoader().load(null, List.of("database.url=" + url)).database());
  }

  String login(String username) {
    return tokens.login(username, PASSWORD).orElseThrow().token();
  }

  @Test
  void aDisableInThisProcessRefusesTheKeptTokenOnItsNextUse() {
    String ana = login("ana");
    assertThat(tokens.authenticate(ana)).isPresent();

    // Another store on the broker's own pool: the console or a command through the admin socket.
    new AgentStore(broker).setEnabled("ana", false, "sup", now.get());

    assertThat(tokens.authenticate(ana)).isEmpty();
  }

  @Test
  void aRoleChangeOrPasswordResetOrRemovalRefusesTheKeptTokenAtOnce() {
    String[] kept = {login("ana"), login("ana"), login("beto")};
    for (String token : kept) {
      assertThat(tokens.authenticate(token)).isPresent();
    }
    AgentStore store = new AgentStore(broker);

    store.changeRole("ana", Role.SPECIALIST, "sup", now.get());
    assertThat(tokens.authenticate(kept[0])).isEmpty();
    assertThat(tokens.authenticate(kept[1])).isEmpty();
    // Beto's account did not change: his token still works.
    assertThat(tokens.authenticate(kept[2])).isPresent();

    store.resetPassword("beto", new PasswordHasher().hash(PASSWORD), "sup", now.get());
    assertThat(tokens.authenticate(kept[2])).isEmpty();

    String again = login("ana");
    assertThat(tokens.authenticate(again).orElseThrow().role()).isEqualTo(Role.SPECIALIST);
    store.remove("ana", "sup", now.get());
    assertThat(tokens.authenticate(again)).isEmpty();
  }

  @Test
  void aLogoutRefusesTheTokenAtOnce() {
    String ana = login("ana");
    assertThat(tokens.authenticate(ana)).isPresent();

    tokens.revoke(Secrets.digest(ana));

    assertThat(tokens.authenticate(ana)).isEmpty();
  }

  @Test
  void aRevocationByAnotherProcessIsFoundByTheOneSecondCheck() {
    String ana = login("ana");
    String beto = login("beto");
    assertThat(tokens.authenticate(ana)).isPresent();
    assertThat(tokens.authenticate(beto)).isPresent();

    new AgentStore(elsewhere).setEnabled("ana", false, "operador", now.get());
    // Until the check runs, the kept token is what this process knows: that is the bound.
    assertThat(tokens.authenticate(ana)).isPresent();

    assertThat(tokens.forgetRevoked()).isEqualTo(1);

    assertThat(tokens.authenticate(ana)).isEmpty();
    assertThat(tokens.authenticate(beto)).isPresent();
  }

  @Test
  void aKeptTokenStillExpiresOnTime() {
    String ana = login("ana");
    assertThat(tokens.authenticate(ana)).isPresent();

    now.set(now.get().plus(Duration.ofHours(12)));

    assertThat(tokens.authenticate(ana)).isEmpty();
  }
}
