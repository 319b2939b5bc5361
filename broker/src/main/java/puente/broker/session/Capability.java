package puente.broker.session;

import puente.v1.AccessKind;

/** One thing the customer can allow; the grant is a set of them, each asked for separately. */
public enum Capability {
  /** The named local service, through tunnel channels. */
  TUNNEL(AccessKind.TUNNEL),
  /** The screen. */
  VIEW(AccessKind.VIEW),
  /** Mouse, keyboard and clipboard. */
  CONTROL(AccessKind.CONTROL);

  private final AccessKind wire;

  Capability(AccessKind wire) {
    this.wire = wire;
  }

  /** The capability on the wire. */
  public AccessKind wire() {
    return wire;
  }

  /**
   * The capability a wire value names.
   *
   * @throws IllegalArgumentException for an unset or unknown value
   */
  public static Capability of(AccessKind kind) {
    return switch (kind) {
      case TUNNEL -> TUNNEL;
      case VIEW -> VIEW;
      case CONTROL -> CONTROL;
      case ACCESS_KIND_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException(
              "access: " + kind + " (expected: TUNNEL, VIEW, CONTROL)");
    };
  }
}
