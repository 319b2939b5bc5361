package puente.client;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import puente.v1.RelayFrame;
import puente.v1.TunnelFrame;

/**
 * Wires two muxes to each other without gRPC: a frame sent by one is received by the other on the
 * sender's thread. An optional tap sees every frame first.
 */
final class DirectLink implements FrameSink {
  private final AtomicReference<TunnelMux> peer = new AtomicReference<>();
  private final Consumer<TunnelFrame> tap;

  DirectLink(Consumer<TunnelFrame> tap) {
    this.tap = tap;
  }

  DirectLink() {
    this(frame -> {});
  }

  void connectTo(TunnelMux mux) {
    peer.set(mux);
  }

  @Override
  public void send(RelayFrame frame) {
    tap.accept(frame.getTunnel());
    peer.get().receive(frame.getTunnel());
  }

  @Override
  public boolean awaitReady() {
    return true;
  }
}
