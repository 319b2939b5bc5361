package puente.e2e.screen;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;

/**
 * The customer's desktop for the screen-sharing benchmark: a full-screen window that, on command
 * from standard input, types text ({@code type N}: N characters, ten a second) or changes the whole
 * screen ({@code flip N}: N new desktop pictures, one a second). Each change also sets a probe
 * square in the top-left corner to a colour that encodes the change's number, and prints {@code
 * event K MICROS} once the change is on the display, so the benchmark can time when the agent's
 * decoded picture shows it.
 */
public final class BenchScene {
  /** Probe colours are {@code PROBE_BASE + k}. */
  static final int PROBE_BASE = 0x100000;

  /** Where the benchmark reads the probe. */
  static final int PROBE_X = 16;

  /** Where the benchmark reads the probe. */
  static final int PROBE_Y = 16;

  private static Canvas canvas;

  private BenchScene() {}

  /** Runs the scene until standard input ends. */
  public static void main(String[] args) throws Exception {
    SwingUtilities.invokeAndWait(
        () -> {
          JFrame frame = new JFrame("Puente benchmark scene");
          frame.setUndecorated(true);
          java.awt.Dimension size = Toolkit.getDefaultToolkit().getScreenSize();
          canvas = new Canvas(size.width, size.height);
          frame.setContentPane(canvas);
          frame.setBounds(0, 0, size.width, size.height);
          frame.setVisible(true);
        });
    Thread.sleep(500);
    System.out.println("ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    int event = 0;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      int count = words.length > 1 ? Integer.parseInt(words[1]) : 0;
      switch (words[0]) {
        case "type" -> {
          String text = "Póliza de diario 2026-11 cuenta 1100-001 abono $1,234.56 ";
          for (int i = 0; i < count; i++) {
            event = change(event, c -> c.type(text.charAt(c.typedLength() % text.length())));
            Thread.sleep(100);
          }
        }
        case "flip" -> {
          for (int i = 0; i < count; i++) {
            event = change(event, c -> c.flip());
            Thread.sleep(1000);
          }
        }
        default -> {
          // "idle" and anything else: leave the screen alone.
        }
      }
      System.out.println("done");
    }
    System.exit(0);
  }

  private static int change(int event, java.util.function.Consumer<Canvas> what) throws Exception {
    int next = event + 1;
    SwingUtilities.invokeAndWait(
        () -> {
          what.accept(canvas);
          canvas.probe = PROBE_BASE + next;
          canvas.paintImmediately(0, 0, canvas.getWidth(), canvas.getHeight());
          Toolkit.getDefaultToolkit().sync();
        });
    Instant now = Instant.now();
    System.out.println(
        "event " + next + " " + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
    return next;
  }

  /** Paints a desktop-like background, the typed text, and the probe. */
  private static final class Canvas extends JComponent {
    private final int width;
    private final int height;
    private BufferedImage background;
    private final StringBuilder typed = new StringBuilder();
    private int flips;
    volatile int probe = PROBE_BASE;

    Canvas(int width, int height) {
      this.width = width;
      this.height = height;
      this.background = desktop(0);
    }

    int typedLength() {
      return typed.length();
    }

    void type(char c) {
      typed.append(c);
    }

    void flip() {
      background = desktop(++flips);
    }

    private BufferedImage desktop(long seed) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      Random random = new Random(seed);
      g.setPaint(
          new GradientPaint(
              0,
              0,
              new Color(random.nextInt(0xFFFFFF)),
              width,
              height,
              new Color(random.nextInt(0xFFFFFF))));
      g.fillRect(0, 0, width, height);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int window = 0; window < 3; window++) {
        int x = random.nextInt(width / 3);
        int y = 60 + random.nextInt(height / 3);
        g.setColor(Color.WHITE);
        g.fillRect(x, y, width / 2, height / 2);
        g.setColor(new Color(40, 90, 160));
        g.fillRect(x, y, width / 2, 26);
        g.setColor(Color.BLACK);
        for (int line = 0; line * 18 + 50 < height / 2; line++) {
          g.drawString(
              "Balanza "
                  + random.nextInt(100000)
                  + "  saldo $"
                  + random.nextInt(99999)
                  + "  cuenta 1100-"
                  + random.nextInt(999),
              x + 10,
              y + 46 + line * 18);
        }
      }
      g.dispose();
      return image;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
      Graphics2D g = (Graphics2D) graphics;
      g.drawImage(background, 0, 0, null);
      g.setColor(Color.WHITE);
      g.fillRect(100, height - 220, width - 200, 180);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 16));
      int perLine = (width - 240) / 10;
      for (int start = 0, row = 0; start < typed.length(); start += perLine, row++) {
        g.drawString(
            typed.substring(start, Math.min(typed.length(), start + perLine)),
            120,
            height - 190 + (row % 8) * 20);
      }
      g.setColor(new Color(probe));
      g.fillRect(0, 0, 32, 32);
    }
  }
}
