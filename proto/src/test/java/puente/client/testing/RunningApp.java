package puente.client.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an app's {@code run(in, out, err, ..)} on a thread with typed input and captured output. */
public final class RunningApp {
  /** An app's entry point with its streams. */
  public interface Main {
    /**
     * Runs the app.
     *
     * @param in what the user types
     * @param out the app's output
     * @param err the app's errors
     * @return the exit code
     */
    int run(InputStream in, PrintStream out, PrintStream err);
  }

  private final PipedOutputStream keyboard = new PipedOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private RunningApp() {}

  /**
   * Starts the app on a daemon thread.
   *
   * @param main the app
   * @return the running app
   * @throws IOException if the keyboard pipe cannot be set up
   */
  public static RunningApp start(Main main) throws IOException {
    RunningApp app = new RunningApp();
    PipedInputStream stdin = new PipedInputStream(app.keyboard);
    PrintStream stdout = new PrintStream(app.out, true, StandardCharsets.UTF_8);
    PrintStream stderr = new PrintStream(app.err, true, StandardCharsets.UTF_8);
    Thread thread =
        new Thread(
            () -> {
              try {
                app.exit.complete(main.run(stdin, stdout, stderr));
              } catch (RuntimeException e) {
                app.exit.completeExceptionally(e);
              }
            },
            "app-under-test");
    thread.setDaemon(true);
    thread.start();
    return app;
  }

  /**
   * Types a line and Enter.
   *
   * @param line the line, without the newline
   * @throws IOException if the app stopped reading
   */
  public void type(String line) throws IOException {
    keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  /**
   * What the app has printed so far.
   *
   * @return standard output
   */
  public String out() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * What the app has printed to standard error so far.
   *
   * @return standard error
   */
  public String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * Waits up to 10 s until the output contains the text.
   *
   * @param text the text
   */
  public void awaitOut(String text) {
    await().atMost(Duration.ofSeconds(10)).until(() -> out().contains(text));
  }

  /**
   * Waits up to 20 s for the app to return.
   *
   * @return the exit code
   * @throws Exception if it did not return in time or threw
   */
  public int awaitExit() throws Exception {
    return exit.get(20, TimeUnit.SECONDS);
  }
}
