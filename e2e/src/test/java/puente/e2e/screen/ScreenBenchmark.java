package puente.e2e.screen;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import puente.client.BrokerChannels;
import puente.client.BrokerStream;
import puente.client.screen.ScreenDecoder;
import puente.e2e.Program;
import puente.e2e.Rig;
import puente.v1.AccessKind;
import puente.v1.AgentEvent;
import puente.v1.AgentMessage;
import puente.v1.AgentServiceGrpc;
import puente.v1.LoginRequest;
import puente.v1.OpenSessionRequest;
import puente.v1.OpenSessionResponse;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRequest;

/**
 * Screen-sharing benchmark (not a test): for an idle desktop, typing, and full-screen changes, at
 * 1280×800 and 1920×1080, measures the bytes per second and frames per second that reach the agent,
 * and the end-to-end latency from a change being on the customer's display to the agent's decoded
 * picture showing it. Everything runs here, on loopback: an Xvfb display with {@link BenchScene},
 * the broker and the helper as processes, and an agent client in this JVM that decodes every frame
 * like the viewer does (without painting it).
 *
 * <p>Run: {@code ./mvnw -o -pl e2e -am -Pbench -DskipTests verify} (results on standard output and
 * in {@code e2e/target/screen-benchmark.txt}).
 */
public final class ScreenBenchmark {
  private static final Duration IDLE = Duration.ofSeconds(10);
  private static final int TYPED = 100;
  private static final int FLIPS = 10;
  private static final Pattern EVENT = Pattern.compile("^event (\\d+) (\\d+)$");

  private ScreenBenchmark() {}

  /** Runs every scenario at both sizes and prints a table. */
  public static void main(String[] args) throws Exception {
    List<String> rows = new ArrayList<>();
    rows.add("| screen | scenario | KB/s to agent | frames/s | latency median | p95 | max |");
    rows.add("|---|---|---|---|---|---|---|");
    for (int[] size : new int[][] {{1280, 800}, {1920, 1080}}) {
      rows.addAll(run(size[0], size[1]));
    }
    String table = String.join("\n", rows);
    System.out.println(table);
    Path out = Path.of("target", "screen-benchmark.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table + "\n");
    System.exit(0);
  }

  private static List<String> run(int width, int height) throws Exception {
    Path dir = Files.createTempDirectory("puente-bench");
    try (XDisplay display = XDisplay.start(width, height);
        Rig rig = Rig.start(dir, Program.alwaysOpenPolicy())) {
      rig.addLicence("LIC-0001", "Contadores Rivera SC");
      rig.addStaff("ana", "Ana López", "agent");
      Program scene = Program.startTestClass("puente.e2e.screen.BenchScene", display.env());
      Program helper = null;
      ManagedChannel channel = null;
      try {
        scene.awaitLine("^ready$", Duration.ofSeconds(60));
        helper =
            Program.start(
                Program.HELPER,
                display.env(),
                "--broker",
                "127.0.0.1:" + rig.grpcPort(),
                "--ui",
                "terminal",
                "--accept-all",
                "--licence",
                "LIC-0001",
                "--product",
                "contabilidad",
                "--version",
                "2026.2",
                "--max-fps",
                "15");
        String code = helper.awaitLine("(\\d{3} \\d{3} \\d{3})", Duration.ofSeconds(60)).group(1);
        channel =
            NettyChannelBuilder.forAddress("127.0.0.1", rig.grpcPort()).usePlaintext().build();
        Viewer viewer = Viewer.open(channel, code);
        viewer.awaitFirstFrame();
        String screen = width + "×" + height;
        List<String> rows = new ArrayList<>();
        Thread.sleep(2000);
        viewer.reset();
        Thread.sleep(IDLE.toMillis());
        rows.add(row(screen, "idle desktop", viewer, IDLE, List.of()));
        rows.add(
            scenario(scene, viewer, screen, "typing (10 characters/s)", "type " + TYPED, TYPED));
        rows.add(
            scenario(scene, viewer, screen, "full-screen change (1/s)", "flip " + FLIPS, FLIPS));
        return rows;
      } finally {
        if (channel != null) {
          channel.shutdownNow();
        }
        if (helper != null) {
          helper.close();
        }
        scene.close();
      }
    }
  }

  private static String scenario(
      Program scene, Viewer viewer, String screen, String name, String command, int events)
      throws Exception {
    int before = scene.output().split("\n").length;
    viewer.reset();
    Instant start = Instant.now();
    scene.type(command);
    awaitDone(scene, before, Duration.ofMinutes(2));
    Thread.sleep(1000);
    Duration elapsed = Duration.between(start, Instant.now());
    List<Long> latencies = new ArrayList<>();
    String[] lines = scene.output().split("\n");
    for (int i = before; i < lines.length; i++) {
      Matcher event = EVENT.matcher(lines[i]);
      if (event.matches()) {
        Long shownAt = viewer.firstShowing(Integer.parseInt(event.group(1)));
        if (shownAt != null) {
          latencies.add(shownAt - Long.parseLong(event.group(2)));
        }
      }
    }
    if (latencies.size() < events) {
      System.err.println(name + ": " + (events - latencies.size()) + " changes never shown");
    }
    return row(screen, name, viewer, elapsed, latencies);
  }

  /** Waits for the scene's "done" after line {@code from} (earlier commands printed theirs). */
  private static void awaitDone(Program scene, int from, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String[] lines = scene.output().split("\n");
      for (int i = from; i < lines.length; i++) {
        if (lines[i].equals("done")) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the scene did not finish: " + scene.output());
  }

  private static String row(
      String screen, String name, Viewer viewer, Duration elapsed, List<Long> latenciesMicros) {
    double seconds = elapsed.toMillis() / 1000.0;
    String latency = "—";
    String p95 = "—";
    String max = "—";
    if (!latenciesMicros.isEmpty()) {
      List<Long> sorted = new ArrayList<>(latenciesMicros);
      Collections.sort(sorted);
      latency = millis(sorted.get(sorted.size() / 2));
      p95 = millis(sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.95))));
      max = millis(sorted.get(sorted.size() - 1));
    }
    return String.format(
        "| %s | %s | %.1f | %.1f | %s | %s | %s |",
        screen,
        name,
        viewer.bytes.get() / 1024.0 / seconds,
        viewer.frames.get() / seconds,
        latency,
        p95,
        max);
  }

  private static String millis(long micros) {
    return String.format("%.0f ms", micros / 1000.0);
  }

  /** The agent's side: decodes frames and notes when each probe value first shows. */
  private static final class Viewer implements BrokerStream.Listener<AgentEvent> {
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong frames = new AtomicLong();
    private final ScreenDecoder decoder = new ScreenDecoder();
    private final Map<Integer, Long> shown = new ConcurrentHashMap<>();
    private final CountDownLatch firstFrame = new CountDownLatch(1);
    private BrokerStream<AgentMessage, AgentEvent> stream;
    private volatile int lastProbe;

    static Viewer open(ManagedChannel channel, String code) {
      String token =
          AgentServiceGrpc.newBlockingStub(channel)
              .login(LoginRequest.newBuilder().setUsername("ana").setPassword(Rig.PASSWORD).build())
              .getToken();
      AgentServiceGrpc.AgentServiceBlockingStub blocking =
          AgentServiceGrpc.newBlockingStub(channel)
              .withCallCredentials(BrokerChannels.bearer(token));
      OpenSessionResponse opened =
          blocking
              .withDeadlineAfter(60, TimeUnit.SECONDS)
              .openSession(
                  OpenSessionRequest.newBuilder().setCode(code).setAccess(AccessKind.VIEW).build());
      Viewer viewer = new Viewer();
      viewer.stream = new BrokerStream<>(viewer);
      AgentServiceGrpc.newStub(channel)
          .withCallCredentials(BrokerChannels.bearer(token))
          .attach(viewer.stream);
      viewer.stream.send(
          AgentMessage.newBuilder()
              .setJoin(AgentMessage.Join.newBuilder().setSessionId(opened.getSessionId()))
              .build());
      return viewer;
    }

    @Override
    public void onMessage(AgentEvent event) {
      if (event.hasJoined()) {
        requestFullFrame();
      }
      if (!event.hasRelay() || !event.getRelay().hasScreen()) {
        return;
      }
      ScreenFrame frame = event.getRelay().getScreen();
      if (decoder.apply(frame) == ScreenDecoder.Result.NEEDS_FULL_FRAME) {
        requestFullFrame();
        return;
      }
      Instant now = Instant.now();
      long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
      bytes.addAndGet(frame.getSerializedSize());
      frames.incrementAndGet();
      int probe =
          decoder.read(
              image ->
                  image == null
                      ? 0
                      : (image.getRGB(BenchScene.PROBE_X, BenchScene.PROBE_Y) & 0xFFFFFF)
                          - BenchScene.PROBE_BASE);
      for (int k = lastProbe + 1; k <= probe; k++) {
        shown.putIfAbsent(k, micros);
      }
      if (probe > lastProbe) {
        lastProbe = probe;
      }
      firstFrame.countDown();
    }

    private void requestFullFrame() {
      stream.send(
          AgentMessage.newBuilder()
              .setRelay(
                  RelayFrame.newBuilder().setScreenRequest(ScreenRequest.getDefaultInstance()))
              .build());
    }

    @Override
    public void onClosed(Throwable failure) {
      firstFrame.countDown();
    }

    void awaitFirstFrame() throws InterruptedException {
      if (!firstFrame.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("no screen frame within 60 s");
      }
    }

    void reset() {
      bytes.set(0);
      frames.set(0);
    }

    Long firstShowing(int event) {
      return shown.get(event);
    }
  }
}
