package puente.customer;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Frame;
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
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;
import puente.client.Endpoint;
import puente.client.Messages;
import puente.client.Protos;
import puente.text.Secrets;
import puente.v1.AccessKind;
import puente.v1.ConsentPrompt;
import puente.v1.Notice;
import puente.v1.Participant;
import puente.v1.RegisterResponse;
import puente.v1.SessionEnded;
import puente.v1.SessionStarted;

/**
 * The helper's window: the code in large type, the status, consent questions, who is connected
 * (with a button to remove someone), the chat, and buttons to pause and to end. A refusal is shown
 * in full with its self-help link clickable; reason codes, session ids and error text stay in the
 * "Detalles" expander. While anything is shared, a {@link SharingBar} stays on top of every window;
 * the window may be hidden to it. When a session or a code ends, nothing of it is left on screen.
 * Closing the window ends the session. Every method may be called from any thread; Swing work runs
 * on the event thread.
 */
final class WindowHelper implements HelperView {
  private static final int WIDTH = 720;
  private final Messages messages;
  private final Endpoint broker;
  private final Secrets secrets;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final BlockingQueue<Boolean> newCodeAnswers = new LinkedBlockingQueue<>();
  private final DefaultListModel<Participant> participants = new DefaultListModel<>();
  private final List<ConsentDialog> openQuestions = new ArrayList<>();
  private volatile HelperSession session;
  private volatile PolicyTime time;
  private JFrame frame;
  private JLabel code;
  private JLabel codeHint;
  private JLabel status;
  private JLabel sharing;
  private ExplanationPane explanation;
  private JTextArea chat;
  private JButton pause;
  private JButton end;
  private JButton newCode;
  private JButton hide;
  private JLabel closeHint;
  private SharingBar bar;
  private List<AccessKind> grant = List.of();
  private String sessionId = "";
  private boolean live;
  private boolean paused;
  private boolean over;

  WindowHelper(Messages messages, Endpoint broker, Secrets secrets) {
    this.messages = messages;
    this.broker = broker;
    this.secrets = secrets;
    this.time = PolicyTime.named(messages, "");
  }

  /** Builds and shows the window. */
  void open() throws Exception {
    SwingUtilities.invokeAndWait(this::build);
  }

  /** The session the buttons act on. */
  void attach(HelperSession helperSession) {
    this.session = helperSession;
  }

  /** Shows the code to read out, and until when it works, in the policy's zone. */
  void showCode(RegisterResponse registration) {
    PolicyTime zoned = PolicyTime.named(messages, registration.getTimeZone());
    time = zoned;
    later(
        () -> {
          code.setText(registration.getCode());
          codeHint.setText(
              messages.text("window.code_hint")
                  + (registration.hasCodeExpiresAt()
                      ? " "
                          + messages.text(
                              "window.code_valid",
                              zoned.time(Protos.instant(registration.getCodeExpiresAt())))
                      : ""));
          end.setEnabled(true);
        });
  }

  /** Shows why registration failed; the window stays until the customer closes it. */
  void registrationFailed(Throwable failure) {
    Explanation why = Explanation.registrationFailed(messages, failure, broker, time);
    HelperLog.write("registration failed", why.details());
    later(
        () -> {
          over = true;
          code.setText("—");
          codeHint.setText(" ");
          status.setText(why.headline());
          explanation.show(why);
          closeHint.setVisible(false);
          end.setText(messages.text("window.close"));
          end.setEnabled(true);
        });
  }

  /** Marks the session over: the end button now just closes the window. */
  void finished() {
    later(
        () -> {
          over = true;
          pause.setEnabled(false);
          // Nothing is left to end: closing the window no longer ends anything.
          closeHint.setVisible(false);
          end.setText(messages.text("window.close"));
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
            newCode.setVisible(true);
            newCode.setEnabled(true);
          }
        });
    return newCodeAnswers.take();
  }

  /**
   * Starts over with a new session: no old code, status, consent question, explanation or
   * participant is left on screen; the chat keeps what was said.
   */
  void renew(HelperSession helperSession) {
    this.session = helperSession;
    later(
        () -> {
          clearSession();
          newCode.setVisible(false);
          code.setText("··· ··· ···");
          codeHint.setText(" ");
          status.setText(messages.text("window.status.registering"));
          explanation.clear();
          end.setText(messages.text("window.end"));
          end.setEnabled(false);
          closeHint.setVisible(true);
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
    PolicyTime zoned = time;
    later(
        () ->
            openQuestions.add(
                ConsentDialog.show(
                    frame,
                    messages,
                    zoned,
                    prompt,
                    accepted -> session.answer(prompt.getPromptId(), accepted))));
  }

  @Override
  public void granted(List<AccessKind> capabilities) {
    later(
        () -> {
          grant = capabilities;
          showWhoSees();
        });
  }

  @Override
  public void started(SessionStarted started) {
    later(
        () -> {
          closeQuestions();
          live = true;
          sessionId = started.getSessionId();
          if (grant.isEmpty()) {
            grant =
                started.getAccess() == AccessKind.CONTROL
                    ? List.of(AccessKind.VIEW, AccessKind.CONTROL)
                    : List.of(started.getAccess());
          }
          codeHint.setText(messages.text("window.case", started.getTicketId()));
          status.setText(
              messages.text(
                  "window.status.live", messages.text("access." + started.getAccess().name())));
          pause.setEnabled(true);
          hide.setVisible(true);
          showWhoSees();
        });
  }

  @Override
  public void participants(List<Participant> list) {
    later(
        () -> {
          participants.clear();
          list.forEach(participants::addElement);
          showWhoSees();
        });
  }

  @Override
  public void connectionOpened(int channel) {}

  @Override
  public void connectionClosed(int channel, String error) {}

  @Override
  public void chat(String from, String text) {
    later(
        () -> {
          // P11: the broker masks what staff write; anything it missed is masked before drawing.
          String shown = secrets.mask(text);
          chat.append(messages.text("chat", from, shown) + "\n");
          if (shown.contains(Secrets.MASK)) {
            chat.append("· " + messages.text("chat.hidden.theirs", from) + "\n");
          }
        });
  }

  @Override
  public void notice(Notice notice) {
    if (Notices.aboutTheCustomersOwnAction(notice)) {
      return;
    }
    later(() -> chat.append("· " + notice.getMessage() + "\n"));
  }

  @Override
  public void paused(boolean nowPaused) {
    later(
        () -> {
          paused = nowPaused;
          pause.setText(messages.text(nowPaused ? "window.resume" : "window.pause"));
          status.setText(
              messages.text(nowPaused ? "window.status.paused" : "window.status.resumed"));
          showWhoSees();
        });
  }

  @Override
  public void screenFailed(RuntimeException failure) {
    HelperLog.write("screen capture failed", List.of(String.valueOf(failure.getMessage())));
    later(() -> chat.append("· " + messages.text("screen.failed.customer") + "\n"));
  }

  @Override
  public void ended(SessionEnded ended) {
    HelperSession current = session;
    boolean wasLive = current != null && current.wasLive();
    Explanation why = Explanation.ended(messages, ended, wasLive, sessionId, time);
    HelperLog.write("session ended", why.details());
    later(
        () -> {
          clearSession();
          code.setText("—");
          codeHint.setText(messages.text(wasLive ? "window.ended_hint" : "window.code_gone"));
          status.setText(why.headline());
          explanation.show(why);
        });
    finished();
  }

  @Override
  public void failed(Throwable failure) {
    Explanation why = Explanation.failed(messages, failure, broker);
    HelperLog.write("connection lost", why.details());
    later(
        () -> {
          clearSession();
          code.setText("—");
          codeHint.setText(" ");
          status.setText(why.headline());
          explanation.show(why);
        });
    finished();
  }

  /** Nothing of a session that is over stays on screen: bar, sharing line, people, questions. */
  private void clearSession() {
    closeQuestions();
    live = false;
    paused = false;
    over = false;
    grant = List.of();
    sessionId = "";
    bar.hide();
    sharing.setText(" ");
    participants.clear();
    pause.setText(messages.text("window.pause"));
    pause.setEnabled(false);
    hide.setVisible(false);
    if (!frame.isVisible() && frame.isDisplayable()) {
      frame.setVisible(true);
    }
  }

  /** The line in the window and the bar on top: who sees or controls what, or that it is paused. */
  private void showWhoSees() {
    if (!live) {
      return;
    }
    String holder = holderName();
    List<String> people = new ArrayList<>();
    List<String> watchers = new ArrayList<>();
    for (int i = 0; i < participants.size(); i++) {
      Participant p = participants.get(i);
      if (!"customer".equals(p.getRole())) {
        people.add(p.getDisplayName());
        if (!p.getDisplayName().equals(holder)) {
          watchers.add(p.getDisplayName());
        }
      }
    }
    String and = messages.text("bar.and");
    String names = people.isEmpty() ? messages.text("bar.nobody") : String.join(and, people);
    String text;
    if (paused) {
      text = messages.text("bar.paused");
    } else if (grant.contains(AccessKind.CONTROL) && holder != null) {
      text = messages.text("bar.controls", holder);
      if (!watchers.isEmpty()) {
        text += " " + messages.text("bar.also_sees", String.join(and, watchers));
      }
    } else if (grant.contains(AccessKind.VIEW) || grant.contains(AccessKind.CONTROL)) {
      text = messages.text("bar.sees", names);
    } else if (grant.contains(AccessKind.TUNNEL)) {
      text = messages.text("bar.tunnel", names);
    } else {
      bar.hide();
      sharing.setText(" ");
      return;
    }
    sharing.setText(text);
    bar.show(text, paused);
  }

  private String holderName() {
    for (int i = 0; i < participants.size(); i++) {
      Participant p = participants.get(i);
      if (p.getHasControl() && !"customer".equals(p.getRole())) {
        return p.getDisplayName();
      }
    }
    return null;
  }

  private void build() {
    frame = new JFrame(messages.text("window.title"));
    frame.setName("helper-window");
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
    code = named(new JLabel("··· ··· ···"), "code");
    code.setFont(new Font(Font.MONOSPACED, Font.BOLD, 48));
    codeHint = named(new JLabel(" "), "code-hint");
    status = named(new JLabel(messages.text("window.status.registering")), "status");
    status.setFont(status.getFont().deriveFont(Font.BOLD));
    sharing = named(new JLabel(" "), "sharing");
    sharing.setForeground(SharingBar.BACKGROUND);
    explanation = new ExplanationPane(messages, WIDTH - 100);
    for (JComponent c :
        List.of(caption, code, status, codeHint, sharing, explanation.component())) {
      c.setAlignmentX(Component.LEFT_ALIGNMENT);
      top.add(c);
    }
    JSplitPane middle =
        new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, participantsPanel(), chatPanel());
    middle.setResizeWeight(0.35);
    JPanel bottom = new JPanel(new BorderLayout());
    closeHint = named(new JLabel(messages.text("window.close_hint")), "close-hint");
    closeHint.setBorder(BorderFactory.createEmptyBorder(0, 16, 0, 0));
    pause = named(new JButton(messages.text("window.pause")), "pause");
    pause.setEnabled(false);
    pause.addActionListener(e -> togglePause());
    end = named(new JButton(messages.text("window.end")), "end");
    end.setEnabled(false);
    end.addActionListener(e -> endOrClose());
    hide = named(new JButton(messages.text("window.hide")), "hide");
    hide.setVisible(false);
    hide.addActionListener(e -> frame.setVisible(false));
    newCode = named(new JButton(messages.text("window.new_code")), "new-code");
    newCode.setVisible(false);
    newCode.addActionListener(
        e -> {
          newCode.setEnabled(false);
          newCodeAnswers.add(true);
        });
    JPanel buttons = new JPanel(new FlowLayout(FlowLayout.RIGHT));
    buttons.add(newCode);
    buttons.add(hide);
    buttons.add(pause);
    buttons.add(end);
    bottom.add(closeHint, BorderLayout.WEST);
    bottom.add(buttons, BorderLayout.EAST);
    frame.getContentPane().add(top, BorderLayout.NORTH);
    frame.getContentPane().add(middle, BorderLayout.CENTER);
    frame.getContentPane().add(bottom, BorderLayout.SOUTH);
    frame.setMinimumSize(new Dimension(WIDTH, 520));
    frame.pack();
    frame.setLocationRelativeTo(null);
    bar = new SharingBar(messages, this::togglePause, this::endOrClose, this::showWindow);
    frame.setVisible(true);
  }

  private void togglePause() {
    HelperSession current = session;
    if (current != null && live) {
      current.pause(!current.isPaused());
    }
  }

  private void showWindow() {
    frame.setVisible(true);
    frame.setState(Frame.NORMAL);
    frame.toFront();
  }

  private static <T extends JComponent> T named(T component, String name) {
    component.setName(name);
    return component;
  }

  private JPanel participantsPanel() {
    JList<Participant> list = named(new JList<>(participants), "participants");
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
    chat = named(new JTextArea(12, 36), "chat");
    chat.setEditable(false);
    chat.setLineWrap(true);
    chat.setWrapStyleWord(true);
    JTextField line = named(new JTextField(), "chat-line");
    JButton send = new JButton(messages.text("window.chat_send"));
    Runnable sendLine =
        () -> {
          String text = line.getText().strip();
          if (!text.isEmpty() && session != null) {
            // The broker masks the line for everyone else and logs the attempt on the ticket
            // (P11); this screen may be shared, so the line is masked here before it is drawn.
            session.chat(text);
            String shown = secrets.mask(text);
            chat.append(messages.text("chat", messages.text("role.customer"), shown) + "\n");
            if (!shown.equals(text)) {
              chat.append("· " + messages.text("chat.hidden.yours") + "\n");
            }
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

  /** The end button and the close box: end a live session, or close once it is over. */
  private void endOrClose() {
    HelperSession current = session;
    if (!over && current != null && !current.isOver()) {
      end.setEnabled(false);
      pause.setEnabled(false);
      status.setText(messages.text("ending"));
      bar.hide();
      Thread ender = new Thread(current::end, "puente-end");
      ender.setDaemon(true);
      ender.start();
      return;
    }
    closeQuestions();
    bar.dispose();
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
