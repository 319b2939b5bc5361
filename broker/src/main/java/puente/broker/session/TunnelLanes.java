package puente.broker.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import puente.broker.relay.LanePair;

/**
 * The open tunnel channels of a session, by channel number, with their lanes on the data port. They
 * belong to the holder of control: they close when control moves, when the customer withdraws
 * TUNNEL and when the session ends, and stop reading while the customer has paused. Guarded by the
 * session's lock.
 */
final class TunnelLanes {
  private final Map<Integer, LanePair> lanes = new HashMap<>();

  /**
   * Keeps a channel the holder opened, paused if the session is.
   *
   * @return false if the number is in use or the session has {@code max} channels
   */
  boolean add(int channel, LanePair pair, int max, boolean paused) {
    if (lanes.size() >= max || lanes.containsKey(channel)) {
      return false;
    }
    lanes.put(channel, pair);
    pair.setPaused(paused);
    return true;
  }

  /** Closes one channel's lanes, if open. */
  void close(int channel) {
    LanePair pair = lanes.remove(channel);
    if (pair != null) {
      pair.close();
    }
  }

  /** Forgets a channel whose lanes closed by themselves. */
  void closed(int channel, LanePair pair) {
    lanes.remove(channel, pair);
  }

  /** Closes every channel. */
  void closeAll() {
    List<LanePair> open = new ArrayList<>(lanes.values());
    lanes.clear();
    open.forEach(LanePair::close);
  }

  /** Stops every lane reading, or lets them read again. */
  void pauseAll(boolean paused) {
    lanes.values().forEach(pair -> pair.setPaused(paused));
  }
}
