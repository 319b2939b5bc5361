package puente.agent;

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
final class RunningApp {
  interface Main {
    int run(InputStream in, PrintStream out, PrintStream err);
  }

  private final PipedOutputStream keyboard = new PipedOutputStream();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private RunningApp() {}

  static RunningApp start(Main main) throws IOException {
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

  void type(String line) throws IOException {
    keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  String out() {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  String err() {
    synchronized (err) {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  void awaitOut(String text) {
    await().atMost(Duration.ofSeconds(10)).until(() -> out().contains(text));
  }

  int awaitExit() throws Exception {
    return exit.get(20, TimeUnit.SECONDS);
  }
}
