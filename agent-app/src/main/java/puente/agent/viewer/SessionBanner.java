package puente.agent.viewer;

import static java.util.Objects.requireNonNull;

import java.awt.Color;
import java.awt.Font;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import puente.client.Messages;

/**
 * The line under the viewer's toolbar: whose screen it is, by the customer's name, and in plain
 * words whether the customer paused sharing or the session is over. Its colour says the same at a
 * glance: blue while live, yellow while paused, red once over. Used on the Swing thread only.
 */
final class SessionBanner {
  static final Color LIVE = new Color(0xE3EEF9);
  static final Color PAUSED = new Color(0xFCF1C2);
  static final Color OVER = new Color(0xF2DEDE);

  private final Messages messages;
  private final JLabel label = new JLabel(" ");

  SessionBanner(Messages messages) {
    this.messages = requireNonNull(messages, "messages");
    label.setName("banner");
    label.setOpaque(true);
    label.setFont(label.getFont().deriveFont(Font.BOLD, 14f));
    label.setBorder(BorderFactory.createEmptyBorder(6, 10, 6, 10));
  }

  JLabel component() {
    return label;
  }

  /**
   * Shows the session as it stands.
   *
   * @param customer the customer's name
   * @param paused whether the customer paused sharing
   * @param overBecause why the session is over for this agent, or null while it is not
   */
  void show(String customer, boolean paused, String overBecause) {
    if (overBecause != null) {
      label.setText(messages.text("viewer.banner.ended", customer, overBecause));
      label.setBackground(OVER);
    } else if (paused) {
      label.setText(messages.text("viewer.banner.paused", customer));
      label.setBackground(PAUSED);
    } else {
      label.setText(messages.text("viewer.banner.live", customer));
      label.setBackground(LIVE);
    }
  }
}
