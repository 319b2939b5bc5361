package puente.customer;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Desktop;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Insets;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JComponent;
import javax.swing.JEditorPane;
import javax.swing.JPanel;
import javax.swing.JTextArea;
import javax.swing.JToggleButton;
import javax.swing.UIManager;
import javax.swing.event.HyperlinkEvent;
import javax.swing.text.View;
import puente.client.Messages;

/**
 * Shows an {@link Explanation} in the window: the text wrapped in full at a fixed width (never cut
 * with "…"), each web address in it a link that opens the browser, the self-help link added once if
 * the text does not name it, and a "Detalles" toggle that shows the technical details for support
 * staff.
 */
final class ExplanationPane {
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+[^\\s<>\".,;:)]");

  private final Messages messages;
  private final int width;
  private final JPanel panel;
  private final JEditorPane text;
  private final JToggleButton toggle;
  private final JTextArea details;

  ExplanationPane(Messages messages, int width) {
    this.messages = messages;
    this.width = width;
    text = new WrappingPane(width);
    text.setName("explanation");
    text.setEditable(false);
    text.setOpaque(false);
    text.setBorder(BorderFactory.createEmptyBorder(6, 0, 4, 0));
    // The label font and size, not the editor's serif.
    text.putClientProperty(JEditorPane.HONOR_DISPLAY_PROPERTIES, Boolean.TRUE);
    text.setFont(UIManager.getFont("Label.font").deriveFont(14f));
    text.addHyperlinkListener(
        e -> {
          if (e.getEventType() == HyperlinkEvent.EventType.ACTIVATED && e.getURL() != null) {
            browse(e.getURL().toString());
          }
        });
    panel = new JPanel();
    toggle = new JToggleButton(messages.text("details.show"));
    toggle.setName("details-toggle");
    details = new JTextArea();
    details.setName("details");
    details.setEditable(false);
    details.setLineWrap(true);
    details.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
    details.setBackground(new Color(0xF2, 0xF2, 0xF2));
    details.setVisible(false);
    toggle.addActionListener(
        e -> {
          details.setVisible(toggle.isSelected());
          toggle.setText(messages.text(toggle.isSelected() ? "details.hide" : "details.show"));
          panel.revalidate();
        });
    JPanel toggleRow = new JPanel(new BorderLayout());
    toggleRow.add(toggle, BorderLayout.WEST);
    panel.setLayout(new BoxLayout(panel, BoxLayout.Y_AXIS));
    for (JComponent c : new JComponent[] {text, toggleRow, details}) {
      c.setAlignmentX(JComponent.LEFT_ALIGNMENT);
      panel.add(c);
    }
    panel.setVisible(false);
  }

  JComponent component() {
    return panel;
  }

  /** Shows an explanation, details folded. */
  void show(Explanation why) {
    text.setText(html(why));
    text.setVisible(!why.text().isEmpty() || why.link().isPresent());
    details.setText(String.join("\n", why.details()));
    toggle.setSelected(false);
    toggle.setText(messages.text("details.show"));
    toggle.setVisible(!why.details().isEmpty());
    details.setVisible(false);
    panel.setVisible(true);
    panel.revalidate();
  }

  /** Nothing to explain any more. */
  void clear() {
    text.setText("");
    details.setText("");
    panel.setVisible(false);
  }

  private String html(Explanation why) {
    StringBuilder body = new StringBuilder(linked(why.text()));
    why.link()
        .filter(url -> !why.text().contains(url))
        .ifPresent(
            url ->
                body.append("<br>")
                    .append(
                        escape(messages.text("refusal.self_help", "@LINK@"))
                            .replace("@LINK@", anchor(url))));
    return "<html><body>" + body + "</body></html>";
  }

  /**
   * An HTML pane that wraps its text at a fixed width and asks for the height that takes, so the
   * whole text shows, never cut (a CSS width in Swing's HTML is scaled and overflows).
   */
  private static final class WrappingPane extends JEditorPane {
    private static final long serialVersionUID = 1L;
    private final int wrapWidth;

    WrappingPane(int wrapWidth) {
      super("text/html", "");
      this.wrapWidth = wrapWidth;
    }

    @Override
    public Dimension getPreferredSize() {
      View root = getUI().getRootView(this);
      Insets insets = getInsets();
      root.setSize(wrapWidth - insets.left - insets.right, 0);
      int height = (int) Math.ceil(root.getPreferredSpan(View.Y_AXIS));
      return new Dimension(wrapWidth, height + insets.top + insets.bottom);
    }

    @Override
    public Dimension getMaximumSize() {
      return getPreferredSize();
    }
  }

  /** The text escaped for HTML, each web address a link. */
  static String linked(String plain) {
    Matcher m = URL.matcher(plain);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (m.find()) {
      out.append(escape(plain.substring(last, m.start()))).append(anchor(m.group()));
      last = m.end();
    }
    return out.append(escape(plain.substring(last))).toString();
  }

  private static String anchor(String url) {
    return "<a href='" + escape(url) + "'>" + escape(url) + "</a>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace("\"", "&quot;");
  }

  /** Opens a self-help page in the customer's browser; without one, nothing happens. */
  private static void browse(String url) {
    try {
      if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
        Desktop.getDesktop().browse(URI.create(url));
      } else {
        new ProcessBuilder("xdg-open", url).start();
      }
    } catch (Exception e) {
      HelperLog.write("could not open the browser", java.util.List.of(url, String.valueOf(e)));
    }
  }
}
