package puente.broker.session;

import java.util.Objects;
import puente.v1.RefusalReason;

/**
 * The one place that decides whether a message may have any effect on a live session. Everything
 * else obeys its verdict. A pure function over values: who sent it ({@link Party}), what the
 * customer allows ({@link Grant}), where the session is in its life ({@link Phase}) and whether the
 * customer paused.
 *
 * <p>The rules, in the order they are applied:
 *
 * <ol>
 *   <li>Nothing has effect on an ended session, or from someone who is not in it.
 *   <li>Each kind has a side that may send it: input only from staff, screen frames only from the
 *       helper; a grant that adds capabilities from nobody (only an answer to a prompt widens it).
 *   <li>Nothing is relayed before the customer's consent.
 *   <li>Input, clipboard and tunnel channels from staff come only from the member who holds
 *       control; so do hand-over and release. Take-back is the owner's.
 *   <li>While paused, nothing enters or leaves the customer's machine: screen, input, clipboard,
 *       new tunnel channels (open lanes stop reading, elsewhere).
 *   <li>Each relay kind needs its capability: the screen VIEW, input and clipboard CONTROL, tunnel
 *       channels TUNNEL. A hand-over needs something to hand over (TUNNEL or CONTROL).
 * </ol>
 */
public final class Gate {
  private Gate() {}

  /** The sender's place in the session. */
  public enum Party {
    /** The customer's helper. */
    CUSTOMER,
    /** The member who owns the session and holds control. */
    OWNER_IN_CONTROL,
    /** The member who owns the session, without control. */
    OWNER,
    /** A member who holds control and is not the owner. */
    IN_CONTROL,
    /** A member who only watches. */
    WATCHER,
    /** Someone not in the session: never joined, left or removed. */
    OUTSIDER;

    boolean isStaff() {
      return this != CUSTOMER && this != OUTSIDER;
    }

    boolean holdsControl() {
      return this == OWNER_IN_CONTROL || this == IN_CONTROL;
    }

    boolean owns() {
      return this == OWNER_IN_CONTROL || this == OWNER;
    }

    /** The place of a member of staff. */
    public static Party member(boolean owner, boolean holder) {
      if (owner) {
        return holder ? OWNER_IN_CONTROL : OWNER;
      }
      return holder ? IN_CONTROL : WATCHER;
    }
  }

  /** Where the session is in its life. */
  public enum Phase {
    /** Registered or asking the customer: nothing relayed yet. */
    PENDING,
    /** The customer accepted. */
    ACTIVE,
    /** Over. */
    ENDED
  }

  /** What the gate decided: allowed, or refused with a reason. */
  public record Verdict(RefusalReason refusal) {
    /** The message may have its effect. */
    public static final Verdict ALLOW = new Verdict(null);

    /** Refused for this reason. */
    public static Verdict refuse(RefusalReason reason) {
      return new Verdict(Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the message may have its effect. */
    public boolean allowed() {
      return refusal == null;
    }

    @Override
    public String toString() {
      return allowed() ? "ALLOW" : refusal.name();
    }
  }

  /**
   * Decides one message.
   *
   * @param kind what was sent
   * @param party who sent it
   * @param grant what the customer allows now
   * @param phase where the session is
   * @param paused whether the customer paused
   * @return {@link Verdict#ALLOW} or the reason for refusing
   */
  public static Verdict decide(
      Inbound kind, Party party, Grant grant, Phase phase, boolean paused) {
    if (phase == Phase.ENDED) {
      return Verdict.refuse(RefusalReason.SESSION_ENDED);
    }
    if (party == Party.OUTSIDER) {
      return Verdict.refuse(RefusalReason.PERMISSION_DENIED);
    }
    if (!mayBeSentBy(kind.side(), party)) {
      return Verdict.refuse(RefusalReason.WRONG_SENDER);
    }
    if (phase == Phase.PENDING && !beforeConsent(kind)) {
      return Verdict.refuse(RefusalReason.CONSENT_PENDING);
    }
    if (party.isStaff() && needsControl(kind) && !party.holdsControl()) {
      return Verdict.refuse(RefusalReason.NOT_IN_CONTROL);
    }
    if (kind == Inbound.CONTROL_TAKE_BACK && !party.owns()) {
      return Verdict.refuse(RefusalReason.PERMISSION_DENIED);
    }
    if (paused && crossesTheMachine(kind)) {
      return Verdict.refuse(RefusalReason.SESSION_PAUSED);
    }
    if (!granted(kind, grant)) {
      return Verdict.refuse(RefusalReason.NOT_GRANTED);
    }
    return Verdict.ALLOW;
  }

  private static boolean mayBeSentBy(Inbound.Side side, Party party) {
    return switch (side) {
      case CUSTOMER -> party == Party.CUSTOMER;
      case STAFF -> party.isStaff();
      case BOTH -> true;
      case NOBODY -> false;
    };
  }

  /** What may happen before the customer accepted: answering, ending, leaving, narrowing. */
  private static boolean beforeConsent(Inbound kind) {
    return switch (kind) {
      case CONSENT_ANSWER, END, LEAVE, PAUSE, RESUME, NARROW_GRANT, REMOVE_PARTICIPANT -> true;
      default -> false;
    };
  }

  /** What staff may send only while holding control. */
  private static boolean needsControl(Inbound kind) {
    return switch (kind) {
      case INPUT, CLIPBOARD, TUNNEL_OPEN, TUNNEL_CLOSE, CONTROL_GRANT, CONTROL_RELEASE -> true;
      default -> false;
    };
  }

  /** What enters or leaves the customer's machine, and stops while paused. */
  private static boolean crossesTheMachine(Inbound kind) {
    return switch (kind) {
      case SCREEN, SCREEN_REQUEST, INPUT, CLIPBOARD, TUNNEL_OPEN -> true;
      default -> false;
    };
  }

  private static boolean granted(Inbound kind, Grant grant) {
    return switch (kind) {
      case SCREEN, SCREEN_REQUEST -> grant.has(Capability.VIEW);
      case INPUT, CLIPBOARD -> grant.has(Capability.CONTROL);
      case TUNNEL_OPEN, TUNNEL_OPENED -> grant.has(Capability.TUNNEL);
      case CONTROL_GRANT -> grant.has(Capability.TUNNEL) || grant.has(Capability.CONTROL);
      default -> true;
    };
  }
}
