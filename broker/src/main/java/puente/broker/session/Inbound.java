package puente.broker.session;

import puente.v1.ControlAction;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

/**
 * Every kind of message that reaches a live session from a participant, as the {@link Gate} judges
 * it. The mappings from the wire are exhaustive switches without a default: a message kind added to
 * the proto does not compile until it has a kind here, and the gate's table test fails until that
 * kind has a row.
 */
public enum Inbound {
  /** Helper → staff: changed screen regions. */
  SCREEN(Side.CUSTOMER),
  /** Staff → helper: send a full frame. */
  SCREEN_REQUEST(Side.STAFF),
  /** Staff → helper: mouse and keyboard. */
  INPUT(Side.STAFF),
  /** Clipboard text, either way. */
  CLIPBOARD(Side.BOTH),
  /** A chat line, either way. */
  CHAT(Side.BOTH),
  /** Staff → helper: open a tunnel channel to the named service. */
  TUNNEL_OPEN(Side.STAFF),
  /** Helper → staff: the service accepted the channel. */
  TUNNEL_OPENED(Side.CUSTOMER),
  /** Either end closes a tunnel channel. */
  TUNNEL_CLOSE(Side.BOTH),
  /** A lane token: only the broker issues them. */
  TUNNEL_LANE(Side.NOBODY),
  /** A relay or tunnel frame with nothing in it. */
  EMPTY(Side.NOBODY),
  /** A member asks for control, or for a capability the grant lacks. */
  CONTROL_REQUEST(Side.STAFF),
  /** The holder hands control to another member (the customer is asked). */
  CONTROL_GRANT(Side.STAFF),
  /** The holder gives control up. */
  CONTROL_RELEASE(Side.STAFF),
  /** The owner takes control back. */
  CONTROL_TAKE_BACK(Side.STAFF),
  /** A control action of no known kind. */
  CONTROL_UNKNOWN(Side.NOBODY),
  /** The customer removes a member. */
  REMOVE_PARTICIPANT(Side.CUSTOMER),
  /** The customer pauses. */
  PAUSE(Side.CUSTOMER),
  /** The customer resumes. */
  RESUME(Side.CUSTOMER),
  /** The customer withdraws capabilities. */
  NARROW_GRANT(Side.CUSTOMER),
  /** A grant message that adds capabilities: only an answer to a prompt may. */
  WIDEN_GRANT(Side.NOBODY),
  /** The customer answers a prompt (matched to the prompt by its id). */
  CONSENT_ANSWER(Side.CUSTOMER),
  /** Either side ends the session for everyone. */
  END(Side.BOTH),
  /** A member leaves without ending the session. */
  LEAVE(Side.STAFF);

  /** Who may send a kind of message at all. */
  public enum Side {
    /** The customer's helper only. */
    CUSTOMER,
    /** Members of staff only. */
    STAFF,
    /** Both. */
    BOTH,
    /** Nobody: the broker refuses it from anyone. */
    NOBODY
  }

  private final Side side;

  Inbound(Side side) {
    this.side = side;
  }

  /** Who may send this kind. */
  public Side side() {
    return side;
  }

  /** The kind of a relay frame. */
  public static Inbound of(RelayFrame frame) {
    return switch (frame.getKindCase()) {
      case SCREEN -> SCREEN;
      case SCREEN_REQUEST -> SCREEN_REQUEST;
      case INPUT -> INPUT;
      case CLIPBOARD -> CLIPBOARD;
      case CHAT -> CHAT;
      case TUNNEL -> of(frame.getTunnel());
      case KIND_NOT_SET -> EMPTY;
    };
  }

  /** The kind of a tunnel frame. */
  public static Inbound of(TunnelFrame frame) {
    return switch (frame.getEventCase()) {
      case OPEN -> TUNNEL_OPEN;
      case OPENED -> TUNNEL_OPENED;
      case CLOSE -> TUNNEL_CLOSE;
      case LANE -> TUNNEL_LANE;
      case EVENT_NOT_SET -> EMPTY;
    };
  }

  /** The kind of a control action. */
  public static Inbound of(ControlAction action) {
    return switch (action.getKind()) {
      case REQUEST -> CONTROL_REQUEST;
      case GRANT -> CONTROL_GRANT;
      case RELEASE -> CONTROL_RELEASE;
      case TAKE_BACK -> CONTROL_TAKE_BACK;
      case KIND_UNSPECIFIED, UNRECOGNIZED -> CONTROL_UNKNOWN;
    };
  }
}
