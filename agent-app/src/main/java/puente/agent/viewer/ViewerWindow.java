package puente.agent.viewer;

import static java.util.Objects.requireNonNull;

import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Toolkit;
import java.awt.datatransfer.DataFlavor;
import java.awt.datatransfer.StringSelection;
import java.awt.datatransfer.UnsupportedFlavorException;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.swing.BorderFactory;
import javax.swing.DefaultListCellRenderer;
import javax.swing.DefaultListModel;
import javax.swing.JButton;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.JToggleButton;
import javax.swing.JToolBar;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import puente.client.Messages;
import puente.client.Protos;
import puente.client.screen.ScreenDecoder;
import puente.v1.ChatMessage;
import puente.v1.ClipboardText;
import puente.v1.Participant;
import puente.v1.RelayFrame;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRequest;

/**
 * The agent's viewer: the customer's screen (fit or 1:1) with their pointer, buttons to ask for and
 * give up control, send the clipboard and end the session, the participants and the chat, and a
 * status bar with frame rate, bandwidth and latency. A banner names the customer and says plainly
 * when they paused or the session ended; whatever no longer works then is disabled. Closing the
 * window ends the session.
 *
 * <p>Frames are decoded on the caller's (network) thread; painting happens on the Swing thread.
 */
public final class ViewerWindow {
  private static final long FULL_FRAME_RETRY_NANOS = 1_000_000_000L;

  private final Messages messages;
  private final ViewerActions actions;
  private volatile String customer;
  private final ScreenDecoder decoder = new ScreenDecoder();
  private final FrameMeter meter = new FrameMeter();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final DefaultListModel<Participant> participants = new DefaultListModel<>();
  private volatile boolean controlling;
  private volatile boolean over;
  private volatile boolean paused;
  private volatile String holder = "";
  private volatile String lastNotice = "";
  private long lastFullRequestNanos;
  private JFrame frame;
  private ScreenPanel screen;
  private JScrollPane scroller;
  private JLabel status;
  private JTextArea chat;
  private JButton request;
  private JButton release;
  private JButton clipboard;
  private JButton end;
  private JTextField chatLine;
  private JList<Participant> connected;
  private SessionBanner banner;
  private Timer statusTimer;

  /**
   * Creates the window (not yet shown).
   *
   * @param messages the agent app's text
   * @param customer the customer's name as the licence names them; empty when not known yet (see
   *     {@link #participants})
   * @param actions what the buttons and input do
   */
  public ViewerWindow(Messages messages, String customer, ViewerActions actions) {
    this.messages = requireNonNull(messages, "messages");
    this.customer = requireNonNull(customer, "customer").strip();
    this.actions = requireNonNull(actions, "actions");
  }

  /**
   * Builds and shows the window.
   *
   * @param fit scaled to fit ({@code true}) or 1:1
   * @throws Exception if Swing fails to start (e.g. no display)
   */
  public void open(boolean fit) throws Exception {
    SwingUtilities.invokeAndWait(() -> build(fit));
  }

  /**
   * Shows a screen update.
   *
   * @param update the frame from the helper
   */
  public void frame(ScreenFrame update) {
    if (decoder.apply(update) == ScreenDecoder.Result.NEEDS_FULL_FRAME) {
      requestFullFrame(false);
      return;
    }
    meter.record(update.getSerializedSize(), Protos.instant(update.getCapturedAt()), Instant.now());
    if (update.getFull() && screen != null && !screen.isFit()) {
      SwingUtilities.invokeLater(screen::revalidate);
    }
    if (screen != null) {
      screen.repaint();
    }
  }

  /**
   * Asks the helper for a full frame: at once when {@code now}, otherwise at most once a second.
   *
   * @param now whether to ask regardless of the last request
   */
  public synchronized void requestFullFrame(boolean now) {
    long nanos = System.nanoTime();
    if (now || nanos - lastFullRequestNanos > FULL_FRAME_RETRY_NANOS) {
      lastFullRequestNanos = nanos;
      actions.send(
          RelayFrame.newBuilder().setScreenRequest(ScreenRequest.getDefaultInstance()).build());
    }
  }

  /**
   * Control moved.
   *
   * @param mine whether this agent holds control now
   * @param holderName who holds it (empty: nobody or not known)
   */
  public void control(boolean mine, String holderName) {
    controlling = mine;
    holder = holderName;
    SwingUtilities.invokeLater(
        () -> {
          enableWhatWorks();
          if (mine) {
            screen.requestFocusInWindow();
          }
        });
  }

  /**
   * The customer paused or resumed sharing: while paused the picture is still and no input,
   * clipboard or screen reaches their machine (the broker refuses it), so the window says so and
   * disables those.
   *
   * @param nowPaused whether sharing is paused now
   */
  public void paused(boolean nowPaused) {
    paused = nowPaused;
    SwingUtilities.invokeLater(
        () -> {
          enableWhatWorks();
          showBanner();
        });
  }

  /**
   * Someone asks this agent, who holds control, to pass it on: asks the agent.
   *
   * @param requesterId their participant id
   * @param requesterName their name
   */
  public void controlRequested(String requesterId, String requesterName) {
    SwingUtilities.invokeLater(
        () -> {
          int answer =
              JOptionPane.showConfirmDialog(
                  frame,
                  messages.text("viewer.grant.question", requesterName),
                  messages.text("viewer.grant.title"),
                  JOptionPane.YES_NO_OPTION);
          if (answer == JOptionPane.YES_OPTION) {
            actions.grantControl(requesterId);
          }
        });
  }

  /** Who is connected; names the customer if the window was opened without their name. */
  public void participants(List<Participant> list) {
    if (customer.isEmpty()) {
      list.stream()
          .filter(p -> p.getRole().equals("customer") && !p.getDisplayName().isBlank())
          .findFirst()
          .ifPresent(p -> customer = p.getDisplayName().strip());
    }
    SwingUtilities.invokeLater(
        () -> {
          participants.clear();
          list.forEach(participants::addElement);
          frame.setTitle(title());
          showBanner();
        });
  }

  /** A chat line. */
  public void chat(String from, String text) {
    SwingUtilities.invokeLater(() -> chat.append(messages.text("chat", from, text) + "\n"));
  }

  /** A notice from the broker; also kept in the status bar. */
  public void notice(String text) {
    lastNotice = text;
    SwingUtilities.invokeLater(() -> chat.append("· " + text + "\n"));
  }

  /** Clipboard text from the customer: goes on the agent's clipboard. */
  public void clipboard(String text) {
    SwingUtilities.invokeLater(
        () -> {
          Toolkit.getDefaultToolkit()
              .getSystemClipboard()
              .setContents(new StringSelection(text), null);
          chat.append("· " + messages.text("viewer.clipboard.received") + "\n");
        });
  }

  /**
   * The session is over for this agent (ended, left or failed): the banner says why, everything
   * that would reach the customer is disabled, and the window stays until the agent closes it.
   */
  public void ended(String text) {
    over = true;
    controlling = false;
    lastNotice = text;
    SwingUtilities.invokeLater(
        () -> {
          enableWhatWorks();
          end.setText(messages.text("viewer.close"));
          showBanner();
          chat.append("· " + text + "\n");
        });
  }

  /**
   * Waits until the agent closes the window, at most for a while.
   *
   * @param atMost how long to wait
   */
  public void awaitClosed(java.time.Duration atMost) throws InterruptedException {
    closed.await(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Closes the window (e.g. after the session ended and the app exits). */
  public void close() {
    SwingUtilities.invokeLater(this::dispose);
  }

  /** The decoded screen (for tests and saved screenshots), or null before the first frame. */
  public java.awt.image.BufferedImage snapshot() {
    return decoder.snapshot();
  }

  private void build(boolean fit) {
    frame = new JFrame(title());
    frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
    frame.addWindowListener(
        new WindowAdapter() {
          @Override
          public void windowClosing(WindowEvent e) {
            endAndClose();
          }
        });
    screen =
        new ScreenPanel(
            decoder, event -> actions.send(RelayFrame.newBuilder().setInput(event).build()));
    screen.setFit(fit);
    scroller = new JScrollPane(screen);
    scroller.setBorder(BorderFactory.createEmptyBorder());
    JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, scroller, sidePanel());
    split.setResizeWeight(1.0);
    status = new JLabel(" ");
    status.setBorder(BorderFactory.createEmptyBorder(2, 8, 2, 8));
    banner = new SessionBanner(messages);
    showBanner();
    JPanel top = new JPanel(new BorderLayout());
    top.add(toolbar(fit), BorderLayout.NORTH);
    top.add(banner.component(), BorderLayout.SOUTH);
    frame.getContentPane().add(top, BorderLayout.NORTH);
    frame.getContentPane().add(split, BorderLayout.CENTER);
    frame.getContentPane().add(status, BorderLayout.SOUTH);
    // Agents live in this window: it starts as large as the screen allows.
    Rectangle usable = GraphicsEnvironment.getLocalGraphicsEnvironment().getMaximumWindowBounds();
    frame.setBounds(usable);
    frame.setExtendedState(JFrame.MAXIMIZED_BOTH);
    statusTimer = new Timer(500, e -> showStatus());
    statusTimer.start();
    frame.setVisible(true);
    screen.requestFocusInWindow();
  }

  private JToolBar toolbar(boolean fit) {
    JToolBar bar = new JToolBar();
    bar.setFloatable(false);
    JToggleButton oneToOne = new JToggleButton(messages.text("viewer.one_to_one"), !fit);
    oneToOne.addActionListener(
        e -> {
          screen.setFit(!oneToOne.isSelected());
          scroller.revalidate();
        });
    request = new JButton(messages.text("viewer.control.request"));
    request.setName("request");
    request.addActionListener(e -> actions.requestControl());
    release = new JButton(messages.text("viewer.control.release"));
    release.setName("release");
    release.setEnabled(false);
    release.addActionListener(e -> actions.releaseControl());
    clipboard = new JButton(messages.text("viewer.clipboard.send"));
    clipboard.setName("clipboard");
    clipboard.setEnabled(false);
    clipboard.addActionListener(e -> sendClipboard());
    end = new JButton(messages.text(actions.endsForEveryone() ? "viewer.end" : "viewer.leave"));
    end.setName("end");
    end.addActionListener(e -> endAndClose());
    for (Component button : List.of(oneToOne, request, release, clipboard, end)) {
      button.setFocusable(false);
      bar.add(button);
    }
    return bar;
  }

  private JPanel sidePanel() {
    JList<Participant> list = new JList<>(participants);
    list.setName("participants");
    connected = list;
    list.setFocusable(false);
    list.setCellRenderer(
        new DefaultListCellRenderer() {
          @Override
          public Component getListCellRendererComponent(
              JList<?> jlist, Object value, int index, boolean selected, boolean focused) {
            Participant p = (Participant) value;
            String role =
                switch (p.getRole()) {
                  case "customer", "agent", "specialist", "supervisor" ->
                      messages.text("role." + p.getRole());
                  default -> p.getRole();
                };
            String text =
                p.getHasControl()
                    ? messages.text("participant.with_control", p.getDisplayName(), role)
                    : messages.text("participant", p.getDisplayName(), role);
            return super.getListCellRendererComponent(jlist, text, index, selected, focused);
          }
        });
    JScrollPane people = new JScrollPane(list);
    people.setBorder(BorderFactory.createTitledBorder(messages.text("viewer.participants")));
    people.setPreferredSize(new Dimension(240, 140));
    chat = new JTextArea(10, 20);
    chat.setEditable(false);
    chat.setLineWrap(true);
    chat.setWrapStyleWord(true);
    JTextField line = new JTextField();
    line.setName("chatLine");
    chatLine = line;
    line.addActionListener(
        e -> {
          String text = line.getText().strip();
          if (!text.isEmpty()) {
            actions.send(
                RelayFrame.newBuilder().setChat(ChatMessage.newBuilder().setText(text)).build());
            chat.append(messages.text("chat", messages.text("viewer.me"), text) + "\n");
            line.setText("");
          }
        });
    JPanel talk = new JPanel(new BorderLayout());
    talk.setBorder(BorderFactory.createTitledBorder(messages.text("viewer.chat")));
    talk.add(new JScrollPane(chat), BorderLayout.CENTER);
    talk.add(line, BorderLayout.SOUTH);
    JPanel side = new JPanel(new BorderLayout());
    side.add(people, BorderLayout.NORTH);
    side.add(talk, BorderLayout.CENTER);
    side.setPreferredSize(new Dimension(260, 400));
    return side;
  }

  private String title() {
    return messages.text("viewer.title", customerName());
  }

  private String customerName() {
    return customer.isEmpty() ? messages.text("viewer.customer.unnamed") : customer;
  }

  /** Enables only what can still reach the customer: nothing once over, no input while paused. */
  private void enableWhatWorks() {
    boolean live = !over;
    screen.setControlling(controlling && live && !paused);
    request.setEnabled(live && !controlling);
    release.setEnabled(live && controlling);
    clipboard.setEnabled(live && controlling && !paused);
    chatLine.setEnabled(live);
    // Once over, who was connected (and who had control) is history: shown greyed.
    connected.setEnabled(live);
  }

  /** The line under the toolbar: whose screen, and whether it is paused or over. */
  private void showBanner() {
    if (banner != null) {
      banner.show(customerName(), paused, over ? lastNotice : null);
    }
  }

  private void sendClipboard() {
    try {
      Object text =
          Toolkit.getDefaultToolkit().getSystemClipboard().getData(DataFlavor.stringFlavor);
      actions.send(
          RelayFrame.newBuilder()
              .setClipboard(ClipboardText.newBuilder().setText(String.valueOf(text)))
              .build());
    } catch (UnsupportedFlavorException | IOException | IllegalStateException e) {
      chat.append("· " + messages.text("viewer.clipboard.empty") + "\n");
    }
  }

  private void showStatus() {
    String control =
        over
            ? ""
            : paused
                ? messages.text("viewer.status.paused")
                : controlling
                    ? messages.text("viewer.status.control")
                    : holder.isEmpty()
                        ? messages.text("viewer.status.watching")
                        : messages.text("viewer.status.holder", holder);
    String size = decoder.read(i -> i == null ? "—" : i.getWidth() + "×" + i.getHeight());
    status.setText(
        messages.text(
            "viewer.status",
            meter.framesPerSecond(),
            meter.bytesPerSecond() / 1024,
            meter.latencyMillis(),
            size,
            control,
            lastNotice));
  }

  private void endAndClose() {
    if (!over) {
      over = true;
      Thread ender = new Thread(actions::endSession, "puente-end");
      ender.setDaemon(true);
      ender.start();
    }
    dispose();
  }

  private void dispose() {
    if (statusTimer != null) {
      statusTimer.stop();
    }
    if (frame != null) {
      frame.dispose();
    }
    closed.countDown();
  }
}
