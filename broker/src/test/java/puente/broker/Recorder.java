package puente.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records what a server stream sends, for tests to wait on in order. */
public final class Recorder<T> implements StreamObserver<T> {
  private final BlockingQueue<T> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();

  @Override
  public void onNext(T value) {
    received.add(value);
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    done.complete(null);
  }

  /** Waits for the next message that matches, skipping others; fails after 10 s. */
  public T next(Predicate<T> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      T value = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(value).as("a matching message within 10 s").isNotNull();
      if (wanted.test(value)) {
        return value;
      }
    }
  }

  /**
   * Takes the very next message and checks it: nothing else arrived before it. With a barrier (a
   * message sent after the one that must not arrive, on the same ordered stream), this proves that
   * nothing else reached the receiver in between.
   */
  public T nextIs(Predicate<T> wanted, String what) throws InterruptedException {
    T value = received.poll(10, TimeUnit.SECONDS);
    assertThat(value).as("a message within 10 s").isNotNull();
    assertThat(wanted.test(value)).as("the next message is " + what + ", got: " + value).isTrue();
    return value;
  }

  /** The messages received and not yet taken by {@link #next} or {@link #nextIs} that match. */
  public List<T> received(Predicate<T> wanted) {
    return received.stream().filter(wanted).toList();
  }

  /** Completes when the server ends the stream. */
  public CompletableFuture<Void> done() {
    return done;
  }
}
