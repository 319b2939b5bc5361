package puente.customer;

import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Frame;
import java.awt.Point;
import java.awt.Window;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.swing.AbstractButton;
import javax.swing.JEditorPane;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * The customer's helper in window mode, in this JVM, with a line protocol on standard input for the
 * screen tests: {@code dump FILE} writes every named, showing component of every window (name,
 * bounds on screen, preferred size, text, and enabled or the number of links) and answers {@code
 * dumped}; {@code click NAME} presses a named button; {@code chat TEXT} writes a chat line as the
 * customer would. Arguments are the helper's own ({@code --ui window} is added).
 */
public final class HelperWindowProbe {
  private HelperWindowProbe() {}

  public static void main(String[] args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--ui", "window"));
    PrintStream out = System.out;
    Thread helper =
        new Thread(
            () -> {
              int code =
                  CustomerApp.run(
                      new ByteArrayInputStream(new byte[0]),
                      out,
                      System.err,
                      all.toArray(String[]::new));
              out.println("exited " + code);
            },
            "helper");
    helper.setDaemon(true);
    helper.start();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.split(" ", 2);
      switch (words[0]) {
        case "dump" -> {
          StringBuilder dump = new StringBuilder();
          // Painted before it is dumped, so a screenshot taken next shows what the dump says.
          SwingUtilities.invokeAndWait(HelperWindowProbe::paintNow);
          java.awt.Toolkit.getDefaultToolkit().sync();
          SwingUtilities.invokeAndWait(() -> dumpWindows(dump));
          Files.writeString(Path.of(words[1]), dump, StandardCharsets.UTF_8);
          out.println("dumped " + words[1]);
        }
        case "click" -> {
          SwingUtilities.invokeAndWait(() -> click(words[1]));
          out.println("clicked " + words[1]);
        }
        case "chat" -> {
          SwingUtilities.invokeAndWait(
              () -> {
                JTextField field = (JTextField) findShowing("chat-line");
                field.setText(words[1]);
                field.postActionEvent();
              });
          out.println("sent");
        }
        default -> out.println("unknown " + line);
      }
    }
  }

  private static void paintNow() {
    for (Window window : Window.getWindows()) {
      if (window.isShowing() && window instanceof javax.swing.RootPaneContainer container) {
        javax.swing.JRootPane root = container.getRootPane();
        root.paintImmediately(0, 0, root.getWidth(), root.getHeight());
      }
    }
  }

  private static void dumpWindows(StringBuilder dump) {
    for (Window window : Window.getWindows()) {
      if (!window.isShowing()) {
        continue;
      }
      Point at = window.getLocationOnScreen();
      dump.append(
          String.join(
              "\t",
              "window",
              String.valueOf(window.getName()),
              String.valueOf(at.x),
              String.valueOf(at.y),
              String.valueOf(window.getWidth()),
              String.valueOf(window.getHeight()),
              "0",
              "0",
              flat(title(window)),
              String.valueOf(window.isAlwaysOnTop())));
      dump.append('\n');
      walk(window, dump);
    }
  }

  private static void walk(Container container, StringBuilder dump) {
    for (Component c : container.getComponents()) {
      if (c.getName() != null && c.isShowing()) {
        Point at = c.getLocationOnScreen();
        dump.append(
            String.join(
                "\t",
                "component",
                c.getName(),
                String.valueOf(at.x),
                String.valueOf(at.y),
                String.valueOf(c.getWidth()),
                String.valueOf(c.getHeight()),
                String.valueOf(c.getPreferredSize().width),
                String.valueOf(c.getPreferredSize().height),
                flat(text(c)),
                c instanceof JEditorPane pane
                    ? "links=" + links(pane)
                    : String.valueOf(c.isEnabled())));
        dump.append('\n');
      }
      if (c instanceof Container inner) {
        walk(inner, dump);
      }
    }
  }

  /** How many links an HTML pane shows, each a clickable {@code <a href>}. */
  private static int links(JEditorPane pane) {
    String html = pane.getText();
    int count = 0;
    for (int at = html.indexOf("<a href"); at >= 0; at = html.indexOf("<a href", at + 1)) {
      count++;
    }
    return count;
  }

  private static String title(Window window) {
    if (window instanceof Frame frame) {
      return frame.getTitle();
    }
    if (window instanceof Dialog dialog) {
      return dialog.getTitle();
    }
    return "";
  }

  private static String text(Component c) {
    if (c instanceof JLabel label) {
      return label.getText();
    }
    if (c instanceof AbstractButton button) {
      return button.getText();
    }
    if (c instanceof JTextComponent text) {
      try {
        return text.getDocument().getText(0, text.getDocument().getLength());
      } catch (javax.swing.text.BadLocationException e) {
        throw new IllegalStateException(e);
      }
    }
    if (c instanceof JList<?> list) {
      return items(castList(list));
    }
    return "";
  }

  private static String items(JList<Object> list) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < list.getModel().getSize(); i++) {
      Component cell =
          list.getCellRenderer()
              .getListCellRendererComponent(list, list.getModel().getElementAt(i), i, false, false);
      items.add(cell instanceof JLabel label ? label.getText() : String.valueOf(cell));
    }
    return String.join(" | ", items);
  }

  @SuppressWarnings("unchecked")
  private static JList<Object> castList(JList<?> list) {
    return (JList<Object>) list;
  }

  private static void click(String name) {
    for (Window window : Window.getWindows()) {
      Component found = find(window, name);
      if (found instanceof AbstractButton button && button.isShowing()) {
        button.doClick();
        return;
      }
      if (found instanceof JTextField field && field.isShowing()) {
        field.postActionEvent();
        return;
      }
    }
    throw new IllegalArgumentException("no showing button named " + name);
  }

  private static Component findShowing(String name) {
    for (Window window : Window.getWindows()) {
      Component found = find(window, name);
      if (found != null && found.isShowing()) {
        return found;
      }
    }
    throw new IllegalArgumentException("no showing component named " + name);
  }

  private static Component find(Container container, String name) {
    for (Component c : container.getComponents()) {
      if (name.equals(c.getName())) {
        return c;
      }
      if (c instanceof Container inner) {
        Component found = find(inner, name);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** One line: tabs and line breaks would break the dump's format. */
  private static String flat(String text) {
    return text == null ? "" : text.replace('\t', ' ').replace("\n", "\\n").replace("\r", "");
  }
}
