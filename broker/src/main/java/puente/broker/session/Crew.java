package puente.broker.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The staff in a session and who of them owns it and holds control. The owner is the first member,
 * then whoever has been in the session longest; control held by a leaver returns to the owner.
 * Members the customer removed are remembered: nothing lets them back in. Guarded by the session's
 * lock.
 */
final class Crew {
  // In order of joining: the first is the one who has been in the session longest.
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Set<String> removed = new HashSet<>();
  private String owner;
  private String holder;
  private boolean joinedOnce;

  Member member(String username) {
    return members.get(username);
  }

  List<Member> members() {
    return new ArrayList<>(members.values());
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  /**
   * Adds a member. The first becomes owner, and holder when the grant gives holding control a
   * meaning; one who joins a session nobody is in (it was back in the queue) takes both.
   */
  void add(Member member, Grant grant) {
    String username = member.agent().username();
    members.put(username, member);
    joinedOnce = true;
    if (member.watchOnly()) {
      return;
    }
    if (owner == null || !members.containsKey(owner)) {
      owner = username;
    }
    if (holder == null && members.size() == 1 && grant.givesControl()) {
      holder = username;
    }
  }

  /**
   * Takes a member out; ownership passes to whoever has been in longest.
   *
   * @return the member, or null if not in the session
   */
  Member remove(String username) {
    Member gone = members.remove(username);
    if (gone != null && username.equals(owner)) {
      owner =
          members.values().stream()
              .filter(m -> !m.watchOnly())
              .map(m -> m.agent().username())
              .findFirst()
              .orElse(null);
    }
    return gone;
  }

  /** Whether anyone from staff has ever been in the session. */
  boolean joinedOnce() {
    return joinedOnce;
  }

  String owner() {
    return owner;
  }

  String holder() {
    return holder;
  }

  void setHolder(String username) {
    holder = username;
  }

  void markRemoved(String username) {
    removed.add(username);
  }

  boolean wasRemoved(String username) {
    return removed.contains(username);
  }

  /** The sender's place, as the {@link Gate} judges it. */
  Gate.Party party(String username) {
    if (username == null) {
      return Gate.Party.CUSTOMER;
    }
    if (!members.containsKey(username)) {
      return Gate.Party.OUTSIDER;
    }
    return Gate.Party.member(username.equals(owner), username.equals(holder));
  }

  /** Empties the crew as the session ends; returns who was in it. */
  List<Member> clear() {
    List<Member> all = members();
    members.clear();
    owner = null;
    holder = null;
    return all;
  }
}
