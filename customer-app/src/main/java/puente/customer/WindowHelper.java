package puente.customer;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import puente.client.Endpoint;
import puente.client.FailureText;
import puente.client.Messages;
import puente.client.Protos;
import puente.customer.desktop.ScreenSharer;
import puente.v1.ConsentPrompt;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RegisterResponse;
import puente.v1.SessionEnded;
import puente.v1.SessionStarted;

/**
 * The helper's window: the code in large type, the status, consent questions, who is connected
 * (with a button to remove someone), the chat, and buttons to pause and to end. Closing the window
 * ends the session. When a code expires before anyone connected, a button gets a new one. Every
 * method may be called from any thread; Swing work runs on the event thread.
 */
final class WindowHelper implements HelperView {
  private final Messages messages;
  private final Endpoint broker;
  private final FailureText failureText;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final BlockingQueue<Boolean> newCodeAnswers = new LinkedBlockingQueue<>();
  private final DefaultListModel<Participant> participants = new DefaultListModel<>();
  private final List<ConsentDialog> openQuestions = new ArrayList<>();
  private volatile HelperSession session;
  private JFrame frame;
  private JLabel code;
  private JLabel codeHint;
  private JLabel status;
  private JLabel sharing;
  private JTextArea chat;
  private JButton pause;
  private JButton end;
  private JButton newCode;
  private Timer sharingStatus;
  private boolean over;

  WindowHelper(Messages messages, Endpoint broker) {
    this.messages = messages;
    this.broker = broker;
    this.failureText = new FailureText(messages);
  }

  /** Builds and shows the window. */
  void open() throws Exception {
    SwingUtilities.invokeAndWait(this::build);
  }

  /** The session the buttons act on. */
  void attach(HelperSession helperSession) {
    this.session = helperSession;
  }

  /** Shows the code to read out. */
  void showCode(RegisterResponse registration) {
    later(
        () -> {
          code.setText(registration.getCode());
          codeHint.setText(
              messages.text("window.code_hint")
                  + (registration.hasCodeExpiresAt()
                      ? " "
                          + messages.text(
                              "window.code_valid",
                              messages.time(Protos.instant(registration.getCodeExpiresAt())))
                      : ""));
          end.setEnabled(true);
        });
  }

  /** Shows why registration failed; the window stays until the customer closes it. */
  void registrationFailed(Throwable failure) {
    List<String> lines = failureText.lines(failure, broker);
    later(
        () -> {
          over = true;
          code.setText("—");
          status.setText(messages.text("window.status.refused"));
          codeHint.setText(wrapped(String.join(" ", lines), 560));
          end.setText(messages.text("window.end"));
          end.setEnabled(true);
        });
  }

  /** Marks the session over: the end button now just closes the window. */
  void finished() {
    later(
        () -> {
          over = true;
          pause.setEnabled(false);
          end.setEnabled(true);
        });
  }

  /**
   * Offers a new code after the last one expired (or a new one was refused for now), and waits for
   * the customer.
   *
   * @return {@code true} when the customer asks for a new code, {@code false} when they close the
   *     window
   */
  boolean offerNewCode() throws InterruptedException {
    later(
        () -> {
          if (frame.isDisplayable()) {
            // The dead code must not stay large on screen for the customer to read out.
            code.setText("··· ··· ···");
            codeHint.setText(messages.text("window.code_dead"));
            end.setEnabled(false);
            newCode.setVisible(true);
            newCode.setEnabled(true);
          }
        });
    return newCodeAnswers.take();
  }

  /**
   * Starts over with a new session: no old code, status, consent question or participant is left on
   * screen; the chat keeps what was said.
   */
  void renew(HelperSession helperSession) {
    this.session = helperSession;
    later(
        () -> {
          over = false;
          closeQuestions();
          sharingStatus.stop();
          newCode.setVisible(false);
          code.setText("··· ··· ···");
          codeHint.setText(" ");
          status.setText(messages.text("window.status.registering"));
          sharing.setText(" ");
          participants.clear();
          pause.setText(messages.text("window.pause"));
          pause.setEnabled(false);
          end.setEnabled(false);
        });
  }

  /** Waits until the customer closes the window. */
  void awaitClosed() throws InterruptedException {
    closed.await();
  }

  @Override
  public void waiting(String sessionCode) {
    later(() -> status.setText(messages.text("window.status.waiting")));
  }

  @Override
  public void consentRequested(ConsentPrompt prompt) {
    later(
        () ->
            openQuestions.add(
                ConsentDialog.show(
                    frame,
                    messages,
                    prompt,
                    accepted -> session.answer(prompt.getPromptId(), accepted))));
  }

  @Override
  public void started(SessionStarted started) {
    later(
        () -> {
          closeQuestions();
          status.setText(
              messages.text(
                  "window.status.live",
                  messages.text("access." + started.getAccess().name()),
                  started.getTicketId()));
          pause.setEnabled(true);
          sharingStatus.start();
        });
  }

  @Override
  public void participants(List<Participant> list) {
    later(
        () -> {
          participants.clear();
          list.forEach(participants::addElement);
        });
  }

  @Override
  public void connectionOpened(int channel) {}

  @Override
  public void connectionClosed(int channel, String error) {}

  @Override
  public void chat(String from, String text) {
    later(() -> chat.append(messages.text("chat", from, text) + "\n"));
  }

  @Override
  public void notice(Notice notice) {
    later(() -> chat.append("· " + notice.getMessage() + "\n"));
  }

  @Override
  public void paused(boolean paused) {
    later(
        () -> {
          pause.setText(messages.text(paused ? "window.resume" : "window.pause"));
          status.setText(messages.text(paused ? "window.status.paused" : "window.status.resumed"));
          chat.append(
              "· "
                  + messages.text(paused ? "window.status.paused" : "window.status.resumed")
                  + "\n");
        });
  }

  @Override
  public void screenFailed(RuntimeException failure) {
    later(
        () ->
            chat.append(
                "· "
                    + messages.text("screen.failed", String.valueOf(failure.getMessage()))
                    + "\n"));
  }

  @Override
  public void ended(SessionEnded ended) {
    later(
        () -> {
          closeQuestions();
          sharingStatus.stop();
          status.setText(messages.text("window.status.ended", ended.getMessage()));
        });
    finished();
  }

  @Override
  public void failed(Throwable failure) {
    List<String> lines = failureText.lines(failure, broker);
    later(
        () -> {
          closeQuestions();
          sharingStatus.stop();
          status.setText(messages.text("window.status.failed"));
          chat.append("· " + String.join(" ", lines) + "\n");
        });
    finished();
  }

  private void build() {
    frame = new JFrame(messages.text("window.title"));
    frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
    frame.addWindowListener(
        new WindowAdapter() {
          @Override
          public void windowClosing(WindowEvent e) {
            endOrClose();
          }
        });
    JPanel top = new JPanel();
    top.setLayout(new BoxLayout(top, BoxLayout.Y_AXIS));
    top.setBorder(BorderFactory.createEmptyBorder(12, 16, 8, 16));
    JLabel caption = new JLabel(messages.text("window.code_caption"));
    caption.setFont(caption.getFont().deriveFont(16f));
    code = new JLabel("··· ··· ···");
    code.setFont(new Font(Font.MONOSPACED, Font.BOLD, 48));
    codeHint = new JLabel(" ");
    status = new JLabel(messages.text("window.status.registering"));
    status.setFont(status.getFont().deriveFont(Font.BOLD));
    sharing = new JLabel(" ");
    for (JLabel label : List.of(caption, code, codeHint, status, sharing)) {
      label.setAlignmentX(Component.LEFT_ALIGNMENT);
      top.add(label);
    }
    JSplitPane middle =
        new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, participantsPanel(), chatPanel());
    middle.setResizeWeight(0.35);
    JPanel bottom = new JPanel(new BorderLayout());
    JLabel closeHint = new JLabel(messages.text("window.close_hint"));
    closeHint.setBorder(BorderFactory.createEmptyBorder(0, 16, 0, 0));
    pause = new JButton(messages.text("window.pause"));
    pause.setEnabled(false);
    pause.addActionListener(e -> session.pause(!session.isPaused()));
    end = new JButton(messages.text("window.end"));
    end.setEnabled(false);
    end.addActionListener(e -> endOrClose());
    newCode = new JButton(messages.text("window.new_code"));
    newCode.setVisible(false);
    newCode.addActionListener(
        e -> {
          newCode.setEnabled(false);
          newCodeAnswers.add(true);
        });
    JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
    buttons.add(newCode);
    buttons.add(pause);
    buttons.add(end);
    bottom.add(closeHint, BorderLayout.WEST);
    bottom.add(buttons, BorderLayout.EAST);
    frame.getContentPane().add(top, BorderLayout.NORTH);
    frame.getContentPane().add(middle, BorderLayout.CENTER);
    frame.getContentPane().add(bottom, BorderLayout.SOUTH);
    frame.setMinimumSize(new Dimension(640, 480));
    frame.pack();
    frame.setLocationRelativeTo(null);
    sharingStatus = new Timer(1000, e -> showSharing());
    frame.setVisible(true);
  }

  private JPanel participantsPanel() {
    JList<Participant> list = new JList<>(participants);
    list.setCellRenderer(
        new DefaultListCellRenderer() {
          @Override
          public Component getListCellRendererComponent(
              JList<?> jlist, Object value, int index, boolean selected, boolean focused) {
            Participant p = (Participant) value;
            String role = messages.text("role." + roleKey(p.getRole()));
            String text =
                p.getHasControl()
                    ? messages.text("participant.with_control", p.getDisplayName(), role)
                    : messages.text("participant", p.getDisplayName(), role);
            return super.getListCellRendererComponent(jlist, text, index, selected, focused);
          }
        });
    JButton remove = new JButton(messages.text("window.remove"));
    remove.setEnabled(false);
    list.addListSelectionListener(
        e ->
            remove.setEnabled(
                list.getSelectedValue() != null
                    && !"customer".equals(list.getSelectedValue().getRole())));
    remove.addActionListener(
        e -> {
          Participant selected = list.getSelectedValue();
          if (selected != null) {
            session.remove(selected.getId());
          }
        });
    JPanel panel = new JPanel(new BorderLayout());
    panel.setBorder(BorderFactory.createTitledBorder(messages.text("window.participants")));
    panel.add(new JScrollPane(list), BorderLayout.CENTER);
    panel.add(remove, BorderLayout.SOUTH);
    return panel;
  }

  private JPanel chatPanel() {
    chat = new JTextArea(12, 36);
    chat.setEditable(false);
    chat.setLineWrap(true);
    chat.setWrapStyleWord(true);
    JTextField line = new JTextField();
    JButton send = new JButton(messages.text("window.chat_send"));
    Runnable sendLine =
        () -> {
          String text = line.getText().strip();
          if (!text.isEmpty() && session != null) {
            session.chat(text);
            chat.append(messages.text("chat", messages.text("role.customer"), text) + "\n");
            line.setText("");
          }
        };
    line.addActionListener(e -> sendLine.run());
    send.addActionListener(e -> sendLine.run());
    JPanel input = new JPanel(new BorderLayout());
    input.add(line, BorderLayout.CENTER);
    input.add(send, BorderLayout.EAST);
    JPanel panel = new JPanel(new BorderLayout());
    panel.setBorder(BorderFactory.createTitledBorder(messages.text("window.chat")));
    panel.add(new JScrollPane(chat), BorderLayout.CENTER);
    JPanel south = new JPanel(new GridLayout(2, 1));
    south.add(input);
    HelperSession attached = session;
    String noteKey =
        attached != null && attached.typesThroughClipboard() ? "clipboard.note" : "typing.note";
    JLabel note = new JLabel(wrapped(messages.text(noteKey), 360));
    note.setFont(note.getFont().deriveFont(11f));
    south.add(note);
    panel.add(south, BorderLayout.SOUTH);
    return panel;
  }

  private void showSharing() {
    HelperSession current = session;
    ScreenSharer sharer = current == null ? null : current.sharer();
    if (sharer != null) {
      sharing.setText(
          messages.text("window.status.sharing", sharer.framesSent(), sharer.bytesSent() / 1024));
    }
  }

  /** The end button and the close box: end a live session, or close once it is over. */
  private void endOrClose() {
    HelperSession current = session;
    if (!over && current != null && !current.isOver()) {
      end.setEnabled(false);
      pause.setEnabled(false);
      status.setText(messages.text("ending"));
      Thread ender = new Thread(current::end, "puente-end");
      ender.setDaemon(true);
      ender.start();
      return;
    }
    closeQuestions();
    frame.dispose();
    newCodeAnswers.add(false);
    closed.countDown();
  }

  private void closeQuestions() {
    openQuestions.forEach(ConsentDialog::close);
    openQuestions.clear();
  }

  private static void later(Runnable action) {
    SwingUtilities.invokeLater(action);
  }

  /** Wraps text in HTML so a label breaks lines at about {@code width} pixels. */
  static String wrapped(String text, int width) {
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<html><body style='width:" + width + "px'>" + escaped + "</body></html>";
  }

  static String roleKey(String role) {
    return switch (role) {
      case "customer", "agent", "specialist", "supervisor" -> role;
      default -> "other";
    };
  }
}
