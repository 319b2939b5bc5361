package puente.agent.viewer;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.event.FocusAdapter;
import java.awt.event.FocusEvent;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Collections;
import java.util.function.Consumer;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import puente.client.screen.ScreenDecoder;
import puente.v1.InputEvent;

/**
 * Shows the customer's screen, scaled to fit or at 1:1, with their pointer drawn on it. While the
 * agent holds control, mouse and keyboard on the panel go to the customer's machine, in the
 * customer's screen coordinates.
 */
final class ScreenPanel extends JComponent {
  private final ScreenDecoder decoder;
  private final Consumer<InputEvent.Builder> input;
  private final KeyTranslator keys;
  private volatile boolean controlling;
  private volatile boolean fit = true;
  private long inputSequence;

  ScreenPanel(ScreenDecoder decoder, Consumer<InputEvent.Builder> input) {
    this.decoder = decoder;
    this.input = input;
    this.keys = new KeyTranslator(this::sendInput);
    setFocusable(true);
    setFocusTraversalKeysEnabled(false);
    setFocusTraversalKeys(
        java.awt.KeyboardFocusManager.FORWARD_TRAVERSAL_KEYS, Collections.emptySet());
    setBackground(Color.DARK_GRAY);
    setOpaque(true);
    MouseAdapter mouse = new Mouse();
    addMouseListener(mouse);
    addMouseMotionListener(mouse);
    addMouseWheelListener(mouse);
    addKeyListener(
        new KeyAdapter() {
          @Override
          public void keyPressed(KeyEvent e) {
            if (controlling) {
              keys.pressed(e);
              e.consume();
            }
          }

          @Override
          public void keyReleased(KeyEvent e) {
            if (controlling) {
              keys.released(e);
              e.consume();
            }
          }

          @Override
          public void keyTyped(KeyEvent e) {
            if (controlling) {
              keys.typed(e);
              e.consume();
            }
          }
        });
    addFocusListener(
        new FocusAdapter() {
          @Override
          public void focusLost(FocusEvent e) {
            if (controlling) {
              keys.releaseAll();
            }
          }
        });
  }

  /** Whether mouse and keyboard go to the customer. */
  void setControlling(boolean controlling) {
    if (!controlling && this.controlling) {
      keys.releaseAll();
    }
    this.controlling = controlling;
  }

  /** Scaled to fit the window ({@code true}) or 1:1. */
  void setFit(boolean fit) {
    this.fit = fit;
    revalidate();
    repaint();
  }

  boolean isFit() {
    return fit;
  }

  @Override
  public Dimension getPreferredSize() {
    if (fit) {
      return new Dimension(640, 400);
    }
    int[] size =
        decoder.read(
            image ->
                image == null
                    ? new int[] {640, 400}
                    : new int[] {image.getWidth(), image.getHeight()});
    return new Dimension(size[0], size[1]);
  }

  @Override
  protected void paintComponent(Graphics graphics) {
    Graphics2D g = (Graphics2D) graphics.create();
    try {
      g.setColor(getBackground());
      g.fillRect(0, 0, getWidth(), getHeight());
      decoder.read(
          image -> {
            if (image != null) {
              paintScreen(g, image);
            }
            return null;
          });
    } finally {
      g.dispose();
    }
  }

  private void paintScreen(Graphics2D g, BufferedImage image) {
    double scale = scale(image);
    int w = (int) Math.round(image.getWidth() * scale);
    int h = (int) Math.round(image.getHeight() * scale);
    if (scale == 1.0) {
      g.drawImage(image, 0, 0, null);
    } else {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, w, h, null);
    }
    int x = (int) Math.round(decoder.cursorX() * scale);
    int y = (int) Math.round(decoder.cursorY() * scale);
    Polygon arrow =
        new Polygon(
            new int[] {x, x, x + 4, x + 7, x + 9, x + 6, x + 11},
            new int[] {y, y + 15, y + 11, y + 17, y + 16, y + 10, y + 10},
            7);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillPolygon(arrow);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1f));
    g.drawPolygon(arrow);
  }

  /** 1 at 1:1; when fitting, the largest scale that shows the whole screen. */
  private double scale(BufferedImage image) {
    if (!fit) {
      return 1.0;
    }
    return Math.min(
        (double) getWidth() / image.getWidth(), (double) getHeight() / image.getHeight());
  }

  private void sendInput(InputEvent.Builder event) {
    Instant now = Instant.now();
    input.accept(
        event
            .setSequence(++inputSequence)
            .setSentAt(
                com.google.protobuf.Timestamp.newBuilder()
                    .setSeconds(now.getEpochSecond())
                    .setNanos(now.getNano())));
  }

  /** Converts a point on the panel to the customer's screen; null outside the picture. */
  private int[] toScreen(MouseEvent e) {
    return decoder.read(
        image -> {
          if (image == null) {
            return null;
          }
          double scale = scale(image);
          int x = (int) Math.floor(e.getX() / scale);
          int y = (int) Math.floor(e.getY() / scale);
          if (x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight()) {
            return null;
          }
          return new int[] {x, y};
        });
  }

  private final class Mouse extends MouseAdapter {
    @Override
    public void mouseMoved(MouseEvent e) {
      move(e);
    }

    @Override
    public void mouseDragged(MouseEvent e) {
      move(e);
    }

    @Override
    public void mousePressed(MouseEvent e) {
      requestFocusInWindow();
      if (controlling && move(e)) {
        button(e, true);
      }
    }

    @Override
    public void mouseReleased(MouseEvent e) {
      if (controlling) {
        move(e);
        button(e, false);
      }
    }

    @Override
    public void mouseWheelMoved(MouseWheelEvent e) {
      if (controlling && e.getWheelRotation() != 0) {
        sendInput(
            InputEvent.newBuilder()
                .setWheel(InputEvent.Wheel.newBuilder().setNotches(e.getWheelRotation())));
      }
    }

    private boolean move(MouseEvent e) {
      if (!controlling) {
        return false;
      }
      int[] at = toScreen(e);
      if (at == null) {
        return false;
      }
      sendInput(
          InputEvent.newBuilder()
              .setMove(InputEvent.PointerMove.newBuilder().setX(at[0]).setY(at[1])));
      return true;
    }

    private void button(MouseEvent e, boolean pressed) {
      int button =
          SwingUtilities.isLeftMouseButton(e)
              ? 1
              : SwingUtilities.isMiddleMouseButton(e)
                  ? 2
                  : SwingUtilities.isRightMouseButton(e) ? 3 : 0;
      if (button != 0) {
        sendInput(
            InputEvent.newBuilder()
                .setButton(
                    InputEvent.PointerButton.newBuilder().setButton(button).setPressed(pressed)));
      }
    }
  }
}
