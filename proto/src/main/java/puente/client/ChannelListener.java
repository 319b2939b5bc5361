package puente.client;

/** Hears about tunnel channels opening and closing, e.g. to show them to the user. */
public interface ChannelListener {
  /** A listener that ignores everything. */
  ChannelListener NONE =
      new ChannelListener() {
        @Override
        public void opened(int channel) {}

        @Override
        public void closed(int channel, String error) {}
      };

  /**
   * The channel carries bytes both ways.
   *
   * @param channel the channel number
   */
  void opened(int channel);

  /**
   * The channel is gone.
   *
   * @param channel the channel number
   * @param error empty for a clean end, otherwise why it failed
   */
  void closed(int channel, String error);
}
