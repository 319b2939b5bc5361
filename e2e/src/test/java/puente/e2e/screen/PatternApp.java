package puente.e2e.screen;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;

/**
 * The window on the customer's test display: a known picture (colour bars, a gradient, text, and a
 * pure magenta square the tests use to find the picture inside the agent's viewer), a text field
 * and a button. Everything typed into the field and every click on the button is written to the
 * file given as the first argument, so a test can see what the agent's input did.
 *
 * <p>Prints {@code ready field=X,Y button=X,Y marker=X,Y} (screen coordinates of the centres and of
 * the marker's top-left corner) once shown.
 */
public final class PatternApp {
  /** The marker's colour: nothing else on either display is this exact magenta. */
  static final int MARKER = 0xFF00FF;

  private PatternApp() {}

  /**
   * Shows the window.
   *
   * @param args the file to write the field's text and the clicks to
   */
  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args[0]);
    AtomicInteger clicks = new AtomicInteger();
    SwingUtilities.invokeAndWait(
        () -> {
          JFrame frame = new JFrame("Puente test pattern");
          frame.setUndecorated(true);
          frame.setDefaultCloseOperation(JFrame.EXIT_ON_CLOSE);
          JComponent picture = new Picture();
          picture.setLayout(null);
          JTextField field = new JTextField();
          field.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 16));
          field.setBounds(200, 470, 300, 32);
          JButton button = new JButton("Aceptar");
          button.setBounds(520, 470, 120, 32);
          Runnable save = () -> write(out, field.getText(), clicks.get());
          field
              .getDocument()
              .addDocumentListener(
                  new DocumentListener() {
                    @Override
                    public void insertUpdate(DocumentEvent e) {
                      save.run();
                    }

                    @Override
                    public void removeUpdate(DocumentEvent e) {
                      save.run();
                    }

                    @Override
                    public void changedUpdate(DocumentEvent e) {
                      save.run();
                    }
                  });
          button.addActionListener(
              e -> {
                clicks.incrementAndGet();
                save.run();
              });
          picture.add(field);
          picture.add(button);
          frame.setContentPane(picture);
          frame.setBounds(100, 80, 800, 560);
          frame.setVisible(true);
          write(out, "", 0);
        });
    Thread.sleep(500);
    SwingUtilities.invokeAndWait(
        () -> {
          JFrame frame = (JFrame) JFrame.getFrames()[0];
          JComponent picture = (JComponent) frame.getContentPane();
          Point origin = picture.getLocationOnScreen();
          System.out.println(
              "ready field="
                  + (origin.x + 350)
                  + ","
                  + (origin.y + 486)
                  + " button="
                  + (origin.x + 580)
                  + ","
                  + (origin.y + 486)
                  + " marker="
                  + (origin.x + 20)
                  + ","
                  + (origin.y + 480));
        });
  }

  private static void write(Path out, String text, int clicks) {
    try {
      Path temp = out.resolveSibling(out.getFileName() + ".tmp");
      Files.writeString(temp, "text=" + text + "\nclicks=" + clicks + "\n", StandardCharsets.UTF_8);
      Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The known picture. */
  private static final class Picture extends JComponent {
    @Override
    protected void paintComponent(Graphics graphics) {
      Graphics2D g = (Graphics2D) graphics;
      Color[] bars = {
        Color.WHITE,
        Color.YELLOW,
        Color.CYAN,
        Color.GREEN,
        new Color(200, 0, 200),
        Color.RED,
        Color.BLUE,
        Color.BLACK
      };
      for (int i = 0; i < bars.length; i++) {
        g.setColor(bars[i]);
        g.fillRect(i * 100, 0, 100, 90);
      }
      g.setPaint(
          new GradientPaint(0, 90, new Color(10, 40, 90), 800, 180, new Color(240, 200, 120)));
      g.fillRect(0, 90, 800, 90);
      g.setColor(Color.WHITE);
      g.fillRect(0, 180, 800, 380);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      for (int line = 0; line < 14; line++) {
        g.drawString(
            "Póliza "
                + (1000 + line * 37)
                + "  Balanza de comprobación  $"
                + (line * 1234.5)
                + "  cuenta 1100-"
                + line,
            20,
            205 + line * 18);
      }
      for (int x = 0; x < 800; x += 2) {
        g.setColor((x / 2) % 2 == 0 ? Color.BLACK : Color.WHITE);
        g.drawLine(x, 450, x, 460);
      }
      g.setColor(new Color(MARKER));
      g.fillRect(20, 480, 40, 40);
    }
  }
}
