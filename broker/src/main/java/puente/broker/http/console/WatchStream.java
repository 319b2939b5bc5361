package puente.broker.http.console;

import io.grpc.stub.ServerCallStreamObserver;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.GrantChanged;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRegion;

/**
 * A browser watcher's end of the session, as the session core sees every member's: the outbound
 * half of a stream of {@link AgentEvent}s, here carried by a WebSocket instead of gRPC. So the
 * broker's {@code Link} backpressure applies unchanged: the stream is ready while the socket's
 * write queue is below its limit, and a browser that cannot keep up falls behind like any slow
 * viewer (frames skipped, then a full frame; dropped if it stays stalled).
 *
 * <p>What the browser gets: screen frames as binary messages ({@link #screen}), and the page's
 * state as JSON text messages: {@code watching}, {@code paused}, {@code hidden} (VIEW withdrawn),
 * {@code stopped} (removed, dropped, back in the queue, session over: the socket then closes),
 * {@code refused} (something the broker refused, the page stays) and {@code participants}. Nothing
 * the browser sends reaches the session.
 */
final class WatchStream extends ServerCallStreamObserver<AgentEvent> {
  /** Bytes queued for the browser beyond which the stream is not ready (as a gRPC stream's). */
  static final int WRITE_QUEUE_BYTES = 512 * 1024;

  /** The version byte that starts every binary screen message. */
  static final int SCREEN_MESSAGE = 1;

  private final ServerWebSocket socket;
  private final Words words;
  private final Runnable screenBack;
  // Touched under this object's monitor: the link serialises sends, but readiness and closing come
  // from the socket's event loop.
  private boolean viewable;
  private boolean told;
  private volatile boolean closed;
  private Runnable cancelHandler = () -> {};

  /**
   * @param words the page's language, for the titles of its states
   * @param screenBack runs when the screen comes back (resumed, VIEW granted again): the watcher
   *     then asks for a full frame
   */
  WatchStream(ServerWebSocket socket, Words words, Runnable screenBack) {
    this.socket = socket;
    this.words = words;
    this.screenBack = screenBack;
    socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    socket.closeHandler(
        gone -> {
          Runnable handler;
          synchronized (this) {
            closed = true;
            handler = cancelHandler;
          }
          handler.run();
        });
    // Watch-only: a page that sends anything is not ours.
    socket.frameHandler(frame -> socket.close((short) 1008, "watch only"));
  }

  @Override
  public void onNext(AgentEvent event) {
    switch (event.getKindCase()) {
      case RELAY -> {
        if (event.getRelay().hasScreen()) {
          socket.writeBinaryMessage(screen(event.getRelay().getScreen()));
        }
      }
      case GRANT -> grant(event.getGrant());
      case NOTICE -> notice(event.getNotice());
      case ENDED -> state("stopped", "watch.state.ended", event.getEnded().getMessage());
      case PARTICIPANTS -> participants(event);
      case JOINED, CONTROL, KIND_NOT_SET -> {}
    }
  }

  private void grant(GrantChanged grant) {
    boolean view = grant.getCapabilitiesList().contains(AccessKind.VIEW);
    boolean now = view && !grant.getPaused();
    boolean back;
    synchronized (this) {
      back = now && !viewable && told;
      viewable = now;
      told = true;
    }
    if (grant.getPaused()) {
      state("paused", "watch.state.paused", words.t("watch.detail.paused"));
    } else if (!view) {
      state("hidden", "watch.state.hidden", words.t("watch.detail.hidden"));
    } else {
      state("watching", "watch.state.watching", "");
    }
    if (back) {
      screenBack.run();
    }
  }

  private void notice(Notice notice) {
    switch (notice.getKind()) {
      case REMOVED, TOO_SLOW, RETURNED_TO_QUEUE ->
          state("stopped", "watch.state.stopped", notice.getMessage());
      case REFUSED ->
          socket.writeTextMessage(
              new JsonObject()
                  .put("kind", "refused")
                  .put("reason", notice.getReason().name())
                  .put("title", words.t("watch.state.refused"))
                  .put("text", notice.getMessage())
                  .encode());
      default -> {}
    }
  }

  private void participants(AgentEvent event) {
    JsonArray people = new JsonArray();
    for (Participant p : event.getParticipants().getParticipantsList()) {
      people.add(
          new JsonObject()
              .put("name", p.getDisplayName())
              .put("role", words.t(roleKey(p.getRole()))));
    }
    socket.writeTextMessage(
        new JsonObject().put("kind", "participants").put("people", people).encode());
  }

  private static String roleKey(String role) {
    return role.equals("customer") ? "watch.role.customer" : "role." + role;
  }

  /** Tells the page its state, with a title in its language and the broker's words, if any. */
  void state(String kind, String titleKey, String text) {
    socket.writeTextMessage(
        new JsonObject()
            .put("kind", kind)
            .put("title", words.t(titleKey))
            .put("text", text)
            .encode());
  }

  /**
   * A screen frame for the page: version byte, full flag, width, height and region count, then per
   * region x, y, width, height, encoding (the proto's number), length and the bytes as the helper
   * sent them. Integers are unsigned 32-bit big-endian ({@code DataView}'s default).
   */
  static Buffer screen(ScreenFrame frame) {
    int size = 14;
    for (ScreenRegion region : frame.getRegionsList()) {
      size += 21 + region.getData().size();
    }
    Buffer out = Buffer.buffer(size);
    out.appendByte((byte) SCREEN_MESSAGE)
        .appendByte((byte) (frame.getFull() ? 1 : 0))
        .appendUnsignedInt(frame.getWidth())
        .appendUnsignedInt(frame.getHeight())
        .appendUnsignedInt(frame.getRegionsCount());
    for (ScreenRegion region : frame.getRegionsList()) {
      out.appendUnsignedInt(region.getX())
          .appendUnsignedInt(region.getY())
          .appendUnsignedInt(region.getWidth())
          .appendUnsignedInt(region.getHeight())
          .appendByte((byte) region.getEncodingValue())
          .appendUnsignedInt(region.getData().size())
          .appendBytes(region.getData().toByteArray());
    }
    return out;
  }

  @Override
  public void onError(Throwable t) {
    if (!closed) {
      socket.close((short) 1011, "stream failed");
    }
  }

  @Override
  public void onCompleted() {
    if (!closed) {
      socket.close((short) 1000, "over");
    }
  }

  @Override
  public boolean isReady() {
    return !closed && !socket.writeQueueFull();
  }

  @Override
  public void setOnReadyHandler(Runnable onReady) {
    socket.drainHandler(drained -> onReady.run());
  }

  @Override
  public boolean isCancelled() {
    return closed;
  }

  @Override
  public synchronized void setOnCancelHandler(Runnable onCancel) {
    this.cancelHandler = onCancel;
  }

  // Nothing comes from the browser, so there is nothing to request; the rest is gRPC's transport.
  @Override
  public void request(int count) {}

  @Override
  public void disableAutoInboundFlowControl() {}

  @Override
  public void disableAutoRequest() {}

  // The socket's own limit stands in for gRPC's ready threshold (WRITE_QUEUE_BYTES).
  @Override
  public void setOnReadyThreshold(int numBytes) {}

  @Override
  public void setCompression(String compression) {}

  @Override
  public void setMessageCompression(boolean enable) {}
}
