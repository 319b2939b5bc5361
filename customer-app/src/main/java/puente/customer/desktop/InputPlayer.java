package puente.customer.desktop;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import puente.v1.InputEvent;

/**
 * Plays the agent's input on the {@link Desktop} on a thread of its own, so that the network thread
 * never waits for the keyboard. The queue is bounded: a sender far ahead of the desktop makes
 * {@link #offer} wait, which holds back the stream (backpressure) instead of growing memory.
 */
public final class InputPlayer implements AutoCloseable {
  private static final int CAPACITY = 1024;
  // Long enough that the focused application has handled the last key before the desktop undoes
  // a temporary keyboard mapping (see Desktop#idle).
  private static final long IDLE_MILLIS = 700;

  private final Desktop desktop;
  private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts the player.
   *
   * @param desktop where input goes
   */
  public InputPlayer(Desktop desktop) {
    this.desktop = requireNonNull(desktop, "desktop");
    this.thread = new Thread(this::run, "puente-input");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues an input event.
   *
   * @param event the event
   */
  public void offer(InputEvent event) {
    enqueue(() -> desktop.play(event));
  }

  /**
   * Queues clipboard text.
   *
   * @param text the text
   */
  public void offerClipboard(String text) {
    enqueue(() -> desktop.setClipboard(text));
  }

  /** Drops what is queued and releases every key and button held down. */
  public void releaseAll() {
    queue.clear();
    enqueue(desktop::releaseAll);
  }

  private void enqueue(Runnable action) {
    if (closed) {
      return;
    }
    try {
      queue.put(action);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      boolean idle = true;
      while (!closed) {
        Runnable action = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        if (action == null) {
          if (!idle) {
            idle = true;
            action = desktop::idle;
          } else {
            continue;
          }
        } else {
          idle = false;
        }
        try {
          action.run();
        } catch (RuntimeException e) {
          // One event the desktop refused (e.g. a key it lacks) must not stop the others.
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /** Releases held keys and stops. */
  @Override
  public void close() {
    queue.clear();
    try {
      desktop.releaseAll();
    } catch (RuntimeException e) {
      // The display may already be gone.
    }
    closed = true;
    thread.interrupt();
  }
}
