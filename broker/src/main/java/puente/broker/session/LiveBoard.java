package puente.broker.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A read-only picture of the sessions this node holds, for the supervisors' console: who is in each
 * session with what, what the customer allows, and the counts a supervisor watches. It changes
 * nothing and takes each session's lock only to copy its state.
 */
public final class LiveBoard {
  /** What one member of staff does in a session. */
  public enum Access {
    /** Sees the screen. */
    WATCHING,
    /** Holds control of the screen (mouse, keyboard). */
    CONTROLLING,
    /** Holds the tunnel to the customer's service. */
    TUNNEL,
    /** In the session with nothing granted to use yet. */
    PRESENT
  }

  /**
   * A member of staff in a session.
   *
   * @param username the login name
   * @param displayName the name shown to customers
   * @param role {@code agent}, {@code specialist} or {@code supervisor}
   * @param access what they use now; several when the holder has the screen and the tunnel
   */
  public record Presence(String username, String displayName, String role, Set<Access> access) {}

  /**
   * One live session as a supervisor sees it.
   *
   * @param sessionId the session id
   * @param ticketId its ticket
   * @param customerName the licence holder
   * @param licenceKey the licence
   * @param product the product reported by the helper
   * @param version its installed version
   * @param state WAITING, CONSENT, ACTIVE or QUEUED (waiting for a specialist)
   * @param startedAt when the customer consented, or null before
   * @param grant what the customer allows now
   * @param paused whether the customer paused sharing
   * @param bytesToAgent bytes relayed from the customer
   * @param bytesToCustomer bytes relayed to the customer
   * @param staff who is in it, in order of joining
   */
  public record Row(
      String sessionId,
      long ticketId,
      String customerName,
      String licenceKey,
      String product,
      String version,
      String state,
      Instant startedAt,
      Set<Capability> grant,
      boolean paused,
      long bytesToAgent,
      long bytesToCustomer,
      List<Presence> staff) {}

  /**
   * Every live session and the counts.
   *
   * @param sessions oldest first
   * @param staffOnline members of staff in at least one session
   * @param waitingEscalations sessions offered to specialists and not yet taken (P15), as {@link
   *     QueueBoard} counts them
   */
  public record Snapshot(List<Row> sessions, int staffOnline, int waitingEscalations) {}

  private final Supplier<List<LiveSession>> live;

  LiveBoard(Supplier<List<LiveSession>> live) {
    this.live = live;
  }

  /** The sessions as they are now. */
  public Snapshot now() {
    List<Row> rows = new ArrayList<>();
    Set<String> staff = new LinkedHashSet<>();
    int waiting = 0;
    for (LiveSession session : live.get()) {
      if (session.state() == LiveSession.State.ENDED) {
        continue;
      }
      Row row = row(session);
      rows.add(row);
      row.staff().forEach(p -> staff.add(p.username()));
      if (QueueBoard.isWaiting(session)) {
        waiting++;
      }
    }
    rows.sort(
        Comparator.comparing(
                (Row r) -> r.startedAt() == null ? Instant.MAX : r.startedAt(),
                Comparator.naturalOrder())
            .thenComparing(Row::sessionId));
    return new Snapshot(List.copyOf(rows), staff.size(), waiting);
  }

  private static Row row(LiveSession s) {
    List<Presence> staff = new ArrayList<>();
    Grant grant;
    boolean paused;
    Instant startedAt;
    String state;
    synchronized (s) {
      grant = s.grant();
      paused = s.paused();
      startedAt = s.startedAt();
      state = s.queue().queuedSince() != null ? "QUEUED" : s.state().name();
      for (Member member : s.members()) {
        String username = member.agent().username();
        staff.add(
            new Presence(
                username,
                member.agent().displayName(),
                member.agent().role().wireName(),
                access(grant, s.hasControl(username))));
      }
    }
    Registration r = s.registration();
    return new Row(
        s.id(),
        s.ticketId(),
        r.customerName(),
        r.licenceKey(),
        r.product(),
        r.installedVersion(),
        state,
        startedAt,
        Collections.unmodifiableSet(grant.capabilities()),
        paused,
        s.bytesToAgent.get(),
        s.bytesToCustomer.get(),
        List.copyOf(staff));
  }

  /** What a member uses: the holder drives the screen and the tunnel, others watch. */
  private static Set<Access> access(Grant grant, boolean holder) {
    EnumSet<Access> access = EnumSet.noneOf(Access.class);
    boolean screen = grant.has(Capability.VIEW) || grant.has(Capability.CONTROL);
    if (holder && grant.has(Capability.CONTROL)) {
      access.add(Access.CONTROLLING);
    } else if (screen) {
      access.add(Access.WATCHING);
    }
    if (holder && grant.has(Capability.TUNNEL)) {
      access.add(Access.TUNNEL);
    }
    if (access.isEmpty()) {
      access.add(Access.PRESENT);
    }
    return Collections.unmodifiableSet(access);
  }
}
