package puente.customer;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GraphicsConfiguration;
import java.awt.Rectangle;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JWindow;
import javax.swing.Timer;
import puente.client.Messages;

/**
 * The small bar that stays on top of every window while anything is shared: who sees or controls
 * what, and the buttons to pause or resume, to end, and to bring the helper's window back. It never
 * hides behind other windows: besides asking the window system to keep it on top, it raises itself
 * again every half second, because some X window managers (or none, as on a bare X server) do not
 * honour "always on top". Call every method on the event thread.
 */
final class SharingBar {
  static final Color BACKGROUND = new Color(0xB3, 0x26, 0x1E);
  private static final int RAISE_EVERY_MILLIS = 500;

  private final JWindow window;
  private final JLabel who;
  private final JButton pause;
  private final Timer raise;
  private final Messages messages;

  SharingBar(Messages messages, Runnable togglePause, Runnable end, Runnable showWindow) {
    this.messages = messages;
    window = new JWindow();
    window.setName("sharing-bar");
    window.setAlwaysOnTop(true);
    // Raising must never take the keyboard from the program the customer is typing in.
    window.setFocusableWindowState(false);
    JPanel content = new JPanel(new BorderLayout(12, 0));
    content.setBackground(BACKGROUND);
    content.setBorder(BorderFactory.createEmptyBorder(6, 12, 6, 8));
    who = new JLabel(" ");
    who.setName("sharing-bar-text");
    who.setForeground(Color.WHITE);
    who.setFont(who.getFont().deriveFont(Font.BOLD, 13f));
    pause = button(messages.text("window.pause"), "sharing-bar-pause", togglePause);
    JButton stop = button(messages.text("bar.end"), "sharing-bar-end", end);
    JButton show = button(messages.text("bar.show_window"), "sharing-bar-window", showWindow);
    JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
    buttons.setOpaque(false);
    buttons.add(pause);
    buttons.add(stop);
    buttons.add(show);
    content.add(who, BorderLayout.CENTER);
    content.add(buttons, BorderLayout.EAST);
    window.setContentPane(content);
    raise = new Timer(RAISE_EVERY_MILLIS, e -> window.toFront());
  }

  private static JButton button(String text, String name, Runnable action) {
    JButton button = new JButton(text);
    button.setName(name);
    button.setFocusable(false);
    button.addActionListener(e -> action.run());
    return button;
  }

  /** Shows the bar at the top centre of the screen with this text, or updates it. */
  void show(String text, boolean paused) {
    who.setText(text);
    pause.setText(messages.text(paused ? "window.resume" : "window.pause"));
    window.pack();
    GraphicsConfiguration screen = window.getGraphicsConfiguration();
    Rectangle bounds = screen.getBounds();
    Dimension size = window.getSize();
    int width = Math.min(size.width, bounds.width);
    window.setBounds(bounds.x + (bounds.width - width) / 2, bounds.y, width, size.height);
    if (!window.isVisible()) {
      window.setVisible(true);
      raise.start();
    }
    window.toFront();
  }

  /** Hides the bar: nothing is shared any more. */
  void hide() {
    raise.stop();
    window.setVisible(false);
  }

  boolean isShowing() {
    return window.isVisible();
  }

  /** The bar's window, for tests that look at it. */
  JWindow window() {
    return window;
  }

  void dispose() {
    raise.stop();
    window.dispose();
  }
}
