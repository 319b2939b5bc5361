package puente.broker.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import puente.v1.AccessKind;

/**
 * What the customer allows now: a set of {@link Capability capabilities}. Immutable. Only the
 * customer's yes to a prompt widens it; the customer narrows it at any time.
 */
public final class Grant {
  private static final Grant NONE = new Grant(EnumSet.noneOf(Capability.class));

  private final EnumSet<Capability> capabilities;

  private Grant(EnumSet<Capability> capabilities) {
    this.capabilities = capabilities;
  }

  /** Nothing granted (before consent). */
  public static Grant none() {
    return NONE;
  }

  /** Exactly these capabilities. */
  public static Grant of(Collection<Capability> capabilities) {
    return capabilities.isEmpty() ? NONE : new Grant(EnumSet.copyOf(capabilities));
  }

  /** Exactly these capabilities. */
  public static Grant of(Capability first, Capability... rest) {
    return new Grant(EnumSet.of(first, rest));
  }

  /**
   * What an agent asks for when opening a session: CONTROL there means the screen and the input, as
   * the customer is told.
   */
  public static Grant forOpening(AccessKind access) {
    return switch (access) {
      case CONTROL -> of(Capability.VIEW, Capability.CONTROL);
      case VIEW -> of(Capability.VIEW);
      case TUNNEL, ACCESS_KIND_UNSPECIFIED, UNRECOGNIZED -> of(Capability.TUNNEL);
    };
  }

  /**
   * The capabilities listed on the wire.
   *
   * @throws IllegalArgumentException for an unset or unknown value
   */
  public static Grant fromWire(Collection<AccessKind> kinds) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    kinds.forEach(kind -> set.add(Capability.of(kind)));
    return of(set);
  }

  /** Every possible grant, from none to all three. */
  public static List<Grant> all() {
    List<Grant> all = new ArrayList<>();
    Capability[] values = Capability.values();
    for (int mask = 0; mask < 1 << values.length; mask++) {
      EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
      for (int i = 0; i < values.length; i++) {
        if ((mask & 1 << i) != 0) {
          set.add(values[i]);
        }
      }
      all.add(of(set));
    }
    return all;
  }

  /** Whether the customer allows this. */
  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }

  /** Whether nothing is granted. */
  public boolean isEmpty() {
    return capabilities.isEmpty();
  }

  /** Whether holding control means anything under this grant: tunnel channels or input. */
  public boolean givesControl() {
    return has(Capability.TUNNEL) || has(Capability.CONTROL);
  }

  /** Whether every capability of {@code other} is granted here. */
  public boolean covers(Grant other) {
    return capabilities.containsAll(other.capabilities);
  }

  /** This grant and {@code other} together. */
  public Grant with(Grant other) {
    EnumSet<Capability> union = EnumSet.copyOf(capabilities);
    union.addAll(other.capabilities);
    return of(union);
  }

  /** What is granted here and in {@code other}. */
  public Grant within(Grant other) {
    EnumSet<Capability> both = EnumSet.copyOf(capabilities);
    both.retainAll(other.capabilities);
    return of(both);
  }

  /** What is granted here but not in {@code other}. */
  public Grant without(Grant other) {
    EnumSet<Capability> rest = EnumSet.copyOf(capabilities);
    rest.removeAll(other.capabilities);
    return of(rest);
  }

  /** The capabilities, in their declared order. */
  public Set<Capability> capabilities() {
    return EnumSet.copyOf(capabilities);
  }

  /** The capabilities on the wire, in their declared order. */
  public List<AccessKind> wire() {
    return capabilities.stream().map(Capability::wire).toList();
  }

  /**
   * The one access kind the first version of the wire had room for: CONTROL when input is granted,
   * else VIEW when the screen is, else TUNNEL.
   */
  public AccessKind summary() {
    if (has(Capability.CONTROL)) {
      return AccessKind.CONTROL;
    }
    return has(Capability.VIEW) ? AccessKind.VIEW : AccessKind.TUNNEL;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Grant grant && grant.capabilities.equals(capabilities);
  }

  @Override
  public int hashCode() {
    return capabilities.hashCode();
  }

  @Override
  public String toString() {
    return capabilities.toString();
  }
}
