package puente.broker.ticket;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A support case as stored: who and what it is about, where it is in its life, and the clocks the
 * rules run on it. Immutable; changes go through {@link TicketLifecycle}, which returns a new value
 * built with {@link #toBuilder()}.
 *
 * @param id the ticket's id
 * @param origin what the helper's registration said about the case
 * @param category the admitted category, or null before any session was admitted
 * @param priority the category's queue priority (P17), or null when unknown
 * @param state where it is in its life
 * @param closeReason why it was closed, or null while open
 * @param assignee user name of the responsible agent, or null
 * @param openedAt when it was received
 * @param acknowledgeAt when it is acknowledged: at once in office hours, else at the next opening
 *     (P13)
 * @param acknowledged whether the acknowledgement has happened
 * @param updatedAt last change
 * @param closedAt when it was closed, or null
 * @param waitingSince since when it waits on the customer (P19), or null
 * @param contactAttempts failed contact attempts during the current wait (P19)
 * @param remindedAt when staff were reminded to make the contact attempts (P19), or null
 * @param informationCompleteAt when the information was marked complete (P16), or null
 * @param dueAt when an import request is due (P16), or null
 * @param pausedAt since when the due clock is stopped by a third-party wait (P24), or null
 * @param reproduced whether the problem was fully reproduced for development (P23)
 * @param promisedRelease the release development promised (P23), or null
 * @param thirdParty who the case waits or waited on (P24), or null
 * @param thirdPartyDeliveredAt when the third party delivered (P24), or null
 * @param duplicateOf the ticket this one duplicates (P21), or null
 * @param follows the closed ticket this one follows up (P20), or null
 * @param version bumped by every change (optimistic concurrency)
 */
public record Ticket(
    long id,
    NewTicket origin,
    String category,
    Integer priority,
    TicketState state,
    CloseReason closeReason,
    String assignee,
    Instant openedAt,
    Instant acknowledgeAt,
    boolean acknowledged,
    Instant updatedAt,
    Instant closedAt,
    Instant waitingSince,
    int contactAttempts,
    Instant remindedAt,
    Instant informationCompleteAt,
    Instant dueAt,
    Instant pausedAt,
    boolean reproduced,
    String promisedRelease,
    String thirdParty,
    Instant thirdPartyDeliveredAt,
    Long duplicateOf,
    Long follows,
    long version) {

  /** Checks the fields every ticket has. */
  public Ticket {
    requireNonNull(origin, "origin");
    requireNonNull(state, "state");
    requireNonNull(openedAt, "openedAt");
    requireNonNull(updatedAt, "updatedAt");
  }

  /** A builder starting from this ticket's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a changed copy of a ticket. */
  public static final class Builder {
    private final long id;
    private final NewTicket origin;
    private final Instant openedAt;
    private final long version;
    private String category;
    private Integer priority;
    private TicketState state;
    private CloseReason closeReason;
    private String assignee;
    private Instant acknowledgeAt;
    private boolean acknowledged;
    private Instant updatedAt;
    private Instant closedAt;
    private Instant waitingSince;
    private int contactAttempts;
    private Instant remindedAt;
    private Instant informationCompleteAt;
    private Instant dueAt;
    private Instant pausedAt;
    private boolean reproduced;
    private String promisedRelease;
    private String thirdParty;
    private Instant thirdPartyDeliveredAt;
    private Long duplicateOf;
    private Long follows;

    private Builder(Ticket t) {
      id = t.id;
      origin = t.origin;
      openedAt = t.openedAt;
      version = t.version;
      category = t.category;
      priority = t.priority;
      state = t.state;
      closeReason = t.closeReason;
      assignee = t.assignee;
      acknowledgeAt = t.acknowledgeAt;
      acknowledged = t.acknowledged;
      updatedAt = t.updatedAt;
      closedAt = t.closedAt;
      waitingSince = t.waitingSince;
      contactAttempts = t.contactAttempts;
      remindedAt = t.remindedAt;
      informationCompleteAt = t.informationCompleteAt;
      dueAt = t.dueAt;
      pausedAt = t.pausedAt;
      reproduced = t.reproduced;
      promisedRelease = t.promisedRelease;
      thirdParty = t.thirdParty;
      thirdPartyDeliveredAt = t.thirdPartyDeliveredAt;
      duplicateOf = t.duplicateOf;
      follows = t.follows;
    }

    /** Sets the state and when it changed. */
    public Builder state(TicketState value, Instant at) {
      state = value;
      updatedAt = at;
      return this;
    }

    /** Closes: state, reason and time. */
    public Builder closed(CloseReason reason, Instant at) {
      state = TicketState.CLOSED;
      closeReason = reason;
      closedAt = at;
      updatedAt = at;
      return this;
    }

    /** Sets the responsible agent. */
    public Builder assignee(String value) {
      assignee = value;
      return this;
    }

    /** Sets the acknowledgement (P13). */
    public Builder acknowledged(Instant at) {
      acknowledgeAt = at;
      acknowledged = true;
      return this;
    }

    /** Sets the P19 wait: since when, attempts so far, and the reminder time. */
    public Builder waiting(Instant since, int attempts, Instant reminded) {
      waitingSince = since;
      contactAttempts = attempts;
      remindedAt = reminded;
      return this;
    }

    /** Sets the P16 clock: information complete, due time, and pause start (P24). */
    public Builder due(Instant complete, Instant due, Instant paused) {
      informationCompleteAt = complete;
      dueAt = due;
      pausedAt = paused;
      return this;
    }

    /** Records the development hand-off (P23). */
    public Builder development(boolean wasReproduced, String release) {
      reproduced = wasReproduced;
      promisedRelease = release;
      return this;
    }

    /** Records the third-party wait and its delivery (P24). */
    public Builder thirdParty(String party, Instant deliveredAt) {
      thirdParty = party;
      thirdPartyDeliveredAt = deliveredAt;
      return this;
    }

    /** Links to the ticket this one duplicates (P21). */
    public Builder duplicateOf(Long value) {
      duplicateOf = value;
      return this;
    }

    /** Sets the category and its priority (P17). */
    public Builder category(String value, Integer valuePriority) {
      category = value;
      priority = valuePriority;
      return this;
    }

    /** Builds the ticket, with the same version: the store bumps it when it saves. */
    public Ticket build() {
      return new Ticket(
          id,
          origin,
          category,
          priority,
          state,
          closeReason,
          assignee,
          openedAt,
          acknowledgeAt,
          acknowledged,
          updatedAt,
          closedAt,
          waitingSince,
          contactAttempts,
          remindedAt,
          informationCompleteAt,
          dueAt,
          pausedAt,
          reproduced,
          promisedRelease,
          thirdParty,
          thirdPartyDeliveredAt,
          duplicateOf,
          follows,
          version);
    }
  }
}
