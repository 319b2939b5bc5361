package puente.agent.viewer;

import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Font;
import java.awt.Frame;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.File;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import puente.client.Messages;
import puente.client.screen.ScreenEncoder;
import puente.client.screen.ScreenPixels;
import puente.v1.Participant;
import puente.v1.RelayFrame;

/**
 * Runs the viewer window on a real X display (started by {@link ViewerWindowTest}) through the
 * states an agent meets: watching with control, customer paused, resumed, session ended. After each
 * it prints what a person sees (title, banner text and bounds, which controls are enabled) as
 * {@code state.key=value} lines and saves a PNG of the screen.
 *
 * <p>Arguments: the directory for the PNGs, the language tag, the customer's name as the window
 * gets it ("" for a specialist who joined before the queue named the customer), and whether the
 * agent joined ({@code joined}) or opened the session ({@code owner}).
 */
public final class ViewerScenes {
  private ViewerScenes() {}

  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    Locale locale = Locale.forLanguageTag(args[1]);
    String customer = args[2];
    boolean joined = args[3].equals("joined");
    dir.mkdirs();
    Messages messages = Messages.load("puente.agent.messages", locale);
    ViewerActions actions =
        new ViewerActions() {
          @Override
          public void send(RelayFrame frame) {}

          @Override
          public void requestControl() {}

          @Override
          public void releaseControl() {}

          @Override
          public void grantControl(String participantId) {}

          @Override
          public void endSession() {}

          @Override
          public boolean endsForEveryone() {
            return !joined;
          }
        };
    ViewerWindow window = new ViewerWindow(messages, customer, actions);
    window.open(true);
    window.participants(
        List.of(
            Participant.newBuilder()
                .setId("customer")
                .setDisplayName("Contadores Rivera SC")
                .setRole("customer")
                .build(),
            Participant.newBuilder()
                .setId("ana")
                .setDisplayName("Ana López")
                .setRole("agent")
                .setHasControl(true)
                .build()));
    ScreenEncoder encoder = ScreenEncoder.create();
    encoder
        .encode(ScreenPixels.of(desktop()), true, Instant.now(), 200, 150)
        .forEach(window::frame);
    window.control(true, "");
    window.chat("Contadores Rivera SC", "Ya abrí la póliza.");
    report(dir, "live");

    window.paused(true);
    window.notice(messages.locale().getLanguage().equals("en") ? "Paused." : "Pausado.");
    report(dir, "paused");

    window.paused(false);
    report(dir, "resumed");

    window.ended(messages.text("viewer.ended", "El cliente terminó la sesión."));
    report(dir, "ended");
    window.close();
    System.exit(0);
  }

  /** A stand-in for the customer's desktop: a window with a title bar and some text. */
  private static BufferedImage desktop() {
    BufferedImage image = new BufferedImage(800, 500, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x2E6DA4));
    g.fillRect(0, 0, 800, 500);
    g.setColor(Color.WHITE);
    g.fillRect(80, 60, 640, 380);
    g.setColor(new Color(0x1F3A5F));
    g.fillRect(80, 60, 640, 32);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
    g.drawString("Contabilidad 2026.2 — Póliza de diario", 100, 140);
    g.dispose();
    return image;
  }

  private static void report(File dir, String state) throws Exception {
    // Let the Swing thread apply what the calls queued, then paint.
    SwingUtilities.invokeAndWait(() -> {});
    Thread.sleep(700);
    SwingUtilities.invokeAndWait(
        () -> {
          JFrame frame = frame();
          System.out.println(state + ".title=" + frame.getTitle());
          walk(frame.getContentPane(), state);
        });
    Thread.sleep(300);
    Rectangle all = new Rectangle(java.awt.Toolkit.getDefaultToolkit().getScreenSize());
    BufferedImage shot = new Robot().createScreenCapture(all);
    ImageIO.write(shot, "png", new File(dir, "viewer-" + state + ".png"));
    System.out.flush();
  }

  private static JFrame frame() {
    for (Frame f : Frame.getFrames()) {
      if (f instanceof JFrame j && j.isVisible()) {
        return j;
      }
    }
    throw new IllegalStateException("no viewer window is showing");
  }

  private static void walk(Container container, String state) {
    for (Component c : container.getComponents()) {
      if (c.getName() != null && c instanceof JComponent) {
        String key = state + "." + c.getName();
        System.out.println(key + ".enabled=" + c.isEnabled());
        System.out.println(key + ".showing=" + c.isShowing());
        if (c instanceof JLabel label) {
          System.out.println(key + ".text=" + label.getText());
        }
        if (c instanceof AbstractButton button) {
          System.out.println(key + ".text=" + button.getText());
        }
        if (c.isShowing()) {
          Rectangle r = new Rectangle(c.getLocationOnScreen(), c.getSize());
          System.out.println(key + ".bounds=" + r.x + "," + r.y + "," + r.width + "," + r.height);
        }
      }
      if (c instanceof Container inner) {
        walk(inner, state);
      }
    }
  }
}
