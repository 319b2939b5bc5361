package puente.e2e.screen;

import java.awt.Color;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;

/**
 * Another program's window (the customer's accounting program, say): a plain green window at the
 * bounds given as {@code x y width height}, raised over everything when it opens.
 */
public final class Cover {
  static final Color GREEN = new Color(0x00, 0xC0, 0x00);
  static final String TITLE = "Programa de contabilidad";

  private Cover() {}

  public static void main(String[] args) throws Exception {
    int x = Integer.parseInt(args[0]);
    int y = Integer.parseInt(args[1]);
    int width = Integer.parseInt(args[2]);
    int height = Integer.parseInt(args[3]);
    SwingUtilities.invokeAndWait(
        () -> {
          JFrame frame = new JFrame(TITLE);
          frame.setUndecorated(true);
          frame.getContentPane().setBackground(GREEN);
          frame.setBounds(x, y, width, height);
          frame.setVisible(true);
          frame.toFront();
        });
    System.out.println("ready");
    Thread.sleep(Long.MAX_VALUE);
  }
}
