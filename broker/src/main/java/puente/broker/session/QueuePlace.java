package puente.broker.session;

import java.time.Instant;

/**
 * A live session's place in the specialists' queue (P15, P17): the offer waiting for a specialist,
 * since when nobody from staff is in it, and what admission allowed (its category and priority),
 * which a specialist's join is checked against again. Thread-safe.
 */
final class QueuePlace {
  private Offer offer;
  private Instant queuedSince;
  private Admission.Request request = new Admission.Request("", false);
  private Admission.Admitted admitted;

  /** The escalation waiting for a specialist, or null. */
  synchronized Offer offer() {
    return offer;
  }

  synchronized void setOffer(Offer offer) {
    this.offer = offer;
  }

  /** Since when nobody from staff is connected, or null. */
  synchronized Instant queuedSince() {
    return queuedSince;
  }

  synchronized void setQueuedSince(Instant at) {
    this.queuedSince = at;
  }

  /** Records what admission allowed, for the queue and for specialists' joins. */
  synchronized void admitted(Admission.Request request, Admission.Admitted admitted) {
    this.request = request;
    this.admitted = admitted;
  }

  /** What the agent asked for when opening (category, advisory). */
  synchronized Admission.Request admissionRequest() {
    return request;
  }

  /** Queue priority of the session's category (P17), 1 first; last before admission. */
  synchronized int priority() {
    return admitted == null ? Integer.MAX_VALUE : admitted.priority();
  }

  /** The category admitted, or empty before admission. */
  synchronized String category() {
    return admitted == null ? "" : admitted.category();
  }
}
