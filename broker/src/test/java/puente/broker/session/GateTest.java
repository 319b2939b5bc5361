package puente.broker.session;

import static org.assertj.core.api.Assertions.assertThat;
import static puente.broker.session.Gate.Party.CUSTOMER;
import static puente.broker.session.Gate.Party.IN_CONTROL;
import static puente.broker.session.Gate.Party.OUTSIDER;
import static puente.broker.session.Gate.Party.OWNER;
import static puente.broker.session.Gate.Party.OWNER_IN_CONTROL;
import static puente.broker.session.Gate.Party.WATCHER;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import puente.broker.session.Gate.Party;
import puente.broker.session.Gate.Phase;
import puente.broker.session.Gate.Verdict;
import puente.broker.session.Inbound.Side;
import puente.v1.ControlAction;
import puente.v1.RefusalReason;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

/**
 * The gate's table: one row per kind of message says who may send it, whether it may come before
 * consent, whether only the holder (or owner) may send it, whether a pause stops it and which
 * capability it needs. Every kind × every party × every grant × every phase × paused or not is
 * checked against its row, and a kind without a row fails.
 */
class GateTest {
  /** Which members of staff may send a kind, when staff may send it at all. */
  enum Staff {
    ANY,
    HOLDER,
    OWNER
  }

  /**
   * @param needsAnyOf the kind needs one of these capabilities; empty for none
   */
  record Row(
      Side side,
      Staff staff,
      boolean beforeConsent,
      boolean stopsWhenPaused,
      Set<Capability> needsAnyOf) {}

  static final Set<Capability> NOTHING = EnumSet.noneOf(Capability.class);
  static final Map<Inbound, Row> TABLE = new EnumMap<>(Inbound.class);

  static {
    row(Inbound.SCREEN, Side.CUSTOMER, Staff.ANY, false, true, EnumSet.of(Capability.VIEW));
    row(Inbound.SCREEN_REQUEST, Side.STAFF, Staff.ANY, false, true, EnumSet.of(Capability.VIEW));
    row(Inbound.INPUT, Side.STAFF, Staff.HOLDER, false, true, EnumSet.of(Capability.CONTROL));
    row(Inbound.CLIPBOARD, Side.BOTH, Staff.HOLDER, false, true, EnumSet.of(Capability.CONTROL));
    row(Inbound.CHAT, Side.BOTH, Staff.ANY, false, false, NOTHING);
    row(Inbound.TUNNEL_OPEN, Side.STAFF, Staff.HOLDER, false, true, EnumSet.of(Capability.TUNNEL));
    row(
        Inbound.TUNNEL_OPENED,
        Side.CUSTOMER,
        Staff.ANY,
        false,
        false,
        EnumSet.of(Capability.TUNNEL));
    row(Inbound.TUNNEL_CLOSE, Side.BOTH, Staff.HOLDER, false, false, NOTHING);
    row(Inbound.TUNNEL_LANE, Side.NOBODY, Staff.ANY, false, false, NOTHING);
    row(Inbound.EMPTY, Side.NOBODY, Staff.ANY, false, false, NOTHING);
    row(Inbound.CONTROL_REQUEST, Side.STAFF, Staff.ANY, false, false, NOTHING);
    row(
        Inbound.CONTROL_GRANT,
        Side.STAFF,
        Staff.HOLDER,
        false,
        false,
        EnumSet.of(Capability.TUNNEL, Capability.CONTROL));
    row(Inbound.CONTROL_RELEASE, Side.STAFF, Staff.HOLDER, false, false, NOTHING);
    row(Inbound.CONTROL_TAKE_BACK, Side.STAFF, Staff.OWNER, false, false, NOTHING);
    row(Inbound.CONTROL_UNKNOWN, Side.NOBODY, Staff.ANY, false, false, NOTHING);
    row(Inbound.REMOVE_PARTICIPANT, Side.CUSTOMER, Staff.ANY, true, false, NOTHING);
    row(Inbound.PAUSE, Side.CUSTOMER, Staff.ANY, true, false, NOTHING);
    row(Inbound.RESUME, Side.CUSTOMER, Staff.ANY, true, false, NOTHING);
    row(Inbound.NARROW_GRANT, Side.CUSTOMER, Staff.ANY, true, false, NOTHING);
    row(Inbound.WIDEN_GRANT, Side.NOBODY, Staff.ANY, false, false, NOTHING);
    row(Inbound.CONSENT_ANSWER, Side.CUSTOMER, Staff.ANY, true, false, NOTHING);
    row(Inbound.END, Side.BOTH, Staff.ANY, true, false, NOTHING);
    row(Inbound.LEAVE, Side.STAFF, Staff.ANY, true, false, NOTHING);
  }

  static void row(
      Inbound kind,
      Side side,
      Staff staff,
      boolean beforeConsent,
      boolean stopsWhenPaused,
      Set<Capability> needsAnyOf) {
    TABLE.put(kind, new Row(side, staff, beforeConsent, stopsWhenPaused, needsAnyOf));
  }

  @Test
  void everyKindOfMessageHasARowWhoseSideMatchesTheGate() {
    assertThat(TABLE.keySet()).containsExactlyInAnyOrder(Inbound.values());
    for (Inbound kind : Inbound.values()) {
      assertThat(kind.side()).as(kind.name()).isEqualTo(TABLE.get(kind).side());
    }
  }

  @Test
  void everyCellOfTheTableGetsTheVerdictItsRowGives() {
    List<String> wrong = new ArrayList<>();
    int cells = 0;
    for (Inbound kind : Inbound.values()) {
      Row row = TABLE.get(kind);
      for (Party party : Party.values()) {
        for (Grant grant : Grant.all()) {
          for (Phase phase : Phase.values()) {
            for (boolean paused : new boolean[] {false, true}) {
              cells++;
              Verdict actual = Gate.decide(kind, party, grant, phase, paused);
              RefusalReason expected = expected(row, party, grant, phase, paused);
              if (actual.refusal() != expected) {
                wrong.add(
                    kind
                        + " "
                        + party
                        + " "
                        + grant
                        + " "
                        + phase
                        + (paused ? " paused" : "")
                        + ": "
                        + actual
                        + " (expected: "
                        + (expected == null ? "ALLOW" : expected)
                        + ")");
              }
            }
          }
        }
      }
    }
    assertThat(cells).isEqualTo(Inbound.values().length * 6 * 8 * 3 * 2);
    assertThat(wrong).isEmpty();
  }

  /** The verdict a row gives, rule by rule in the gate's order; null to allow. */
  static RefusalReason expected(Row row, Party party, Grant grant, Phase phase, boolean paused) {
    if (phase == Phase.ENDED) {
      return RefusalReason.SESSION_ENDED;
    }
    if (party == OUTSIDER) {
      return RefusalReason.PERMISSION_DENIED;
    }
    boolean customer = party == CUSTOMER;
    boolean sideOk =
        switch (row.side()) {
          case CUSTOMER -> customer;
          case STAFF -> !customer;
          case BOTH -> true;
          case NOBODY -> false;
        };
    if (!sideOk) {
      return RefusalReason.WRONG_SENDER;
    }
    if (phase == Phase.PENDING && !row.beforeConsent()) {
      return RefusalReason.CONSENT_PENDING;
    }
    boolean holds = party == OWNER_IN_CONTROL || party == IN_CONTROL;
    boolean owns = party == OWNER_IN_CONTROL || party == OWNER;
    if (!customer && row.staff() == Staff.HOLDER && !holds) {
      return RefusalReason.NOT_IN_CONTROL;
    }
    if (!customer && row.staff() == Staff.OWNER && !owns) {
      return RefusalReason.PERMISSION_DENIED;
    }
    if (paused && row.stopsWhenPaused()) {
      return RefusalReason.SESSION_PAUSED;
    }
    if (!row.needsAnyOf().isEmpty() && row.needsAnyOf().stream().noneMatch(grant::has)) {
      return RefusalReason.NOT_GRANTED;
    }
    return null;
  }

  @Test
  void inputInATunnelOnlySessionIsNotGranted() {
    assertThat(decide(Inbound.INPUT, OWNER_IN_CONTROL, Grant.of(Capability.TUNNEL), false))
        .isEqualTo(RefusalReason.NOT_GRANTED);
  }

  @Test
  void takingBackAViewOnlySessionGivesNoInput() {
    Grant viewOnly = Grant.of(Capability.VIEW);
    assertThat(decide(Inbound.CONTROL_TAKE_BACK, OWNER, viewOnly, false)).isNull();
    assertThat(decide(Inbound.INPUT, OWNER_IN_CONTROL, viewOnly, false))
        .isEqualTo(RefusalReason.NOT_GRANTED);
    assertThat(decide(Inbound.TUNNEL_OPEN, OWNER_IN_CONTROL, viewOnly, false))
        .isEqualTo(RefusalReason.NOT_GRANTED);
  }

  @Test
  void aPauseStopsNewTunnelChannelsInputAndTheScreenButNotChat() {
    Grant all = Grant.of(Capability.TUNNEL, Capability.VIEW, Capability.CONTROL);
    for (Inbound kind :
        List.of(Inbound.TUNNEL_OPEN, Inbound.INPUT, Inbound.CLIPBOARD, Inbound.SCREEN_REQUEST)) {
      assertThat(decide(kind, OWNER_IN_CONTROL, all, true))
          .as(kind.name())
          .isEqualTo(RefusalReason.SESSION_PAUSED);
    }
    assertThat(decide(Inbound.SCREEN, CUSTOMER, all, true)).isEqualTo(RefusalReason.SESSION_PAUSED);
    assertThat(decide(Inbound.CHAT, WATCHER, all, true)).isNull();
    assertThat(decide(Inbound.CHAT, CUSTOMER, all, true)).isNull();
  }

  @Test
  void nobodyWidensTheGrantByMessageAndTheCustomerSendsNoInput() {
    Grant all = Grant.of(Capability.TUNNEL, Capability.VIEW, Capability.CONTROL);
    for (Party party : Party.values()) {
      assertThat(decide(Inbound.WIDEN_GRANT, party, Grant.none(), false)).isNotNull();
    }
    assertThat(decide(Inbound.INPUT, CUSTOMER, all, false)).isEqualTo(RefusalReason.WRONG_SENDER);
    assertThat(decide(Inbound.SCREEN, OWNER_IN_CONTROL, all, false))
        .isEqualTo(RefusalReason.WRONG_SENDER);
  }

  @Test
  void aWatcherAndARemovedMemberSendNothingToTheMachine() {
    Grant all = Grant.of(Capability.TUNNEL, Capability.VIEW, Capability.CONTROL);
    assertThat(decide(Inbound.INPUT, WATCHER, all, false)).isEqualTo(RefusalReason.NOT_IN_CONTROL);
    assertThat(decide(Inbound.TUNNEL_OPEN, WATCHER, all, false))
        .isEqualTo(RefusalReason.NOT_IN_CONTROL);
    for (Inbound kind : Inbound.values()) {
      assertThat(decide(kind, OUTSIDER, all, false))
          .as(kind.name())
          .isEqualTo(RefusalReason.PERMISSION_DENIED);
    }
  }

  @Test
  void everyWireKindMapsToAKind() {
    for (RelayFrame.KindCase wire : RelayFrame.KindCase.values()) {
      RelayFrame.Builder frame = RelayFrame.newBuilder();
      switch (wire) {
        case TUNNEL -> frame.setTunnel(TunnelFrame.getDefaultInstance());
        case CHAT -> frame.setChat(puente.v1.ChatMessage.getDefaultInstance());
        case SCREEN -> frame.setScreen(puente.v1.ScreenFrame.getDefaultInstance());
        case INPUT -> frame.setInput(puente.v1.InputEvent.getDefaultInstance());
        case CLIPBOARD -> frame.setClipboard(puente.v1.ClipboardText.getDefaultInstance());
        case SCREEN_REQUEST -> frame.setScreenRequest(puente.v1.ScreenRequest.getDefaultInstance());
        case KIND_NOT_SET -> {}
      }
      assertThat(Inbound.of(frame.build())).as(wire.name()).isNotNull();
    }
    for (ControlAction.Kind wire : ControlAction.Kind.values()) {
      if (wire != ControlAction.Kind.UNRECOGNIZED) {
        assertThat(Inbound.of(ControlAction.newBuilder().setKind(wire).build())).isNotNull();
      }
    }
  }

  private static RefusalReason decide(Inbound kind, Party party, Grant grant, boolean paused) {
    return Gate.decide(kind, party, grant, Phase.ACTIVE, paused).refusal();
  }
}
