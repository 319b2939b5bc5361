package puente.customer;

import java.awt.BorderLayout;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Frame;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import puente.client.Messages;
import puente.client.Protos;
import puente.v1.ConsentPrompt;

/**
 * Asks the customer whether to let someone in: who asks (name and role), for what (view, control,
 * tunnel), and until when the question stands. "No permitir" has the focus, so an Enter pressed by
 * habit declines. Closing the dialog declines too; at the deadline it closes by itself (the broker
 * counts that as declined).
 */
final class ConsentDialog {
  private final JDialog dialog;
  private final Timer deadline;
  private boolean answered;

  private ConsentDialog(
      Frame owner,
      Messages messages,
      PolicyTime time,
      ConsentPrompt prompt,
      Consumer<Boolean> answer) {
    dialog = new JDialog(owner, messages.text("consent.title"), false);
    dialog.setName("consent");
    dialog.setAlwaysOnTop(true);
    dialog.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
    JPanel text = new JPanel();
    text.setLayout(new BoxLayout(text, BoxLayout.Y_AXIS));
    text.setBorder(BorderFactory.createEmptyBorder(16, 16, 8, 16));
    JLabel question = new JLabel(WindowHelper.wrapped(prompt.getMessage(), 380));
    question.setName("consent-question");
    question.setFont(question.getFont().deriveFont(Font.BOLD, 16f));
    text.add(question);
    text.add(Box.createVerticalStrut(10));
    text.add(
        new JLabel(
            messages.text(
                "consent.requester",
                prompt.getRequester().getDisplayName(),
                messages.text("role." + WindowHelper.roleKey(prompt.getRequester().getRole())))));
    text.add(
        new JLabel(
            messages.text("consent.access", messages.text("access." + prompt.getAccess().name()))));
    if (prompt.hasExpiresAt()) {
      text.add(
          new JLabel(
              messages.text("consent.expires", time.time(Protos.instant(prompt.getExpiresAt())))));
    }
    JButton allow = new JButton(messages.text("consent.allow"));
    JButton deny = new JButton(messages.text("consent.deny"));
    allow.setName("consent-allow");
    deny.setName("consent-deny");
    allow.addActionListener(e -> answer(answer, true));
    deny.addActionListener(e -> answer(answer, false));
    dialog.addWindowListener(
        new java.awt.event.WindowAdapter() {
          @Override
          public void windowClosing(java.awt.event.WindowEvent e) {
            answer(answer, false);
          }
        });
    JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
    buttons.add(deny);
    buttons.add(allow);
    dialog.getContentPane().add(text, BorderLayout.CENTER);
    dialog.getContentPane().add(buttons, BorderLayout.SOUTH);
    dialog.getRootPane().setDefaultButton(deny);
    dialog.pack();
    dialog.setLocationRelativeTo(owner);
    long millis =
        prompt.hasExpiresAt()
            ? Math.max(
                1,
                Duration.between(Instant.now(), Protos.instant(prompt.getExpiresAt())).toMillis())
            : Duration.ofMinutes(2).toMillis();
    deadline = new Timer((int) Math.min(Integer.MAX_VALUE, millis), e -> close());
    deadline.setRepeats(false);
  }

  /** Shows the question; call on the event thread. */
  static ConsentDialog show(
      Frame owner,
      Messages messages,
      PolicyTime time,
      ConsentPrompt prompt,
      Consumer<Boolean> answer) {
    ConsentDialog consent = new ConsentDialog(owner, messages, time, prompt, answer);
    consent.deadline.start();
    consent.dialog.setVisible(true);
    return consent;
  }

  private void answer(Consumer<Boolean> answer, boolean accepted) {
    if (!answered) {
      answered = true;
      answer.accept(accepted);
    }
    close();
  }

  /** Closes the question without answering (it was answered elsewhere or expired). */
  void close() {
    answered = true;
    deadline.stop();
    dialog.dispose();
  }
}
