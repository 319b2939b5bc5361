package puente.client;

/**
 * The credit a channel's sender has left: starts at the window, shrinks as data is sent, grows as
 * the peer acknowledges. Only the channel's reader thread consumes credit.
 */
final class SendWindow {
  private final int limit;
  private int credit;
  private boolean stopped;

  SendWindow(int limit) {
    this.limit = limit;
    this.credit = limit;
  }

  /**
   * Waits for credit.
   *
   * @return the bytes that may be sent now (at least 1), or -1 once stopped
   */
  synchronized int awaitCredit() throws InterruptedException {
    while (credit == 0 && !stopped) {
      wait();
    }
    return stopped ? -1 : credit;
  }

  synchronized void consume(int bytes) {
    credit -= bytes;
  }

  /**
   * Adds the peer's acknowledgement.
   *
   * @return false if it would exceed the window: the peer acknowledged bytes never sent
   */
  synchronized boolean grant(int bytes) {
    if (bytes <= 0 || (long) credit + bytes > limit) {
      return false;
    }
    credit += bytes;
    notifyAll();
    return true;
  }

  synchronized void stop() {
    stopped = true;
    notifyAll();
  }
}
