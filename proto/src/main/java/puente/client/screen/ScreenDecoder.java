package puente.client.screen;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.util.function.Function;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRegion;

/**
 * Applies {@link ScreenFrame}s to an image: the viewer's copy of the customer's screen. It starts
 * from a full frame; a partial frame before that, or one that does not fit the screen, is not
 * applied and the caller should ask the helper for a full frame.
 *
 * <p>Thread-safe: frames are applied on the network thread while the window paints from the image
 * under the same lock ({@link #read}).
 */
public final class ScreenDecoder {
  /** What became of a frame. */
  public enum Result {
    /** The image now shows the frame. */
    APPLIED,
    /** The frame could not be applied: ask for a full frame. */
    NEEDS_FULL_FRAME
  }

  private final RegionCodec codec = new RegionCodec(1);
  private BufferedImage image;
  private int[] scratch = new int[0];
  private int cursorX;
  private int cursorY;
  private long sequence;
  private boolean started;

  /**
   * Applies one frame.
   *
   * @param frame a frame from the helper
   * @return whether it was applied
   */
  public synchronized Result apply(ScreenFrame frame) {
    requireNonNull(frame, "frame");
    int width = frame.getWidth();
    int height = frame.getHeight();
    if (frame.getFull()) {
      if (image == null || image.getWidth() != width || image.getHeight() != height) {
        if (width <= 0 || height <= 0 || (long) width * height > 64L * 1024 * 1024) {
          started = false;
          return Result.NEEDS_FULL_FRAME;
        }
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      }
      started = true;
    } else if (!started || image.getWidth() != width || image.getHeight() != height) {
      return Result.NEEDS_FULL_FRAME;
    }
    try {
      for (ScreenRegion region : frame.getRegionsList()) {
        applyRegion(region);
      }
    } catch (IllegalArgumentException e) {
      started = false;
      return Result.NEEDS_FULL_FRAME;
    }
    cursorX = frame.getCursorX();
    cursorY = frame.getCursorY();
    sequence = frame.getSequence();
    return Result.APPLIED;
  }

  private void applyRegion(ScreenRegion region) {
    int x = region.getX();
    int y = region.getY();
    int w = region.getWidth();
    int h = region.getHeight();
    if (w <= 0 || h <= 0 || (long) x + w > image.getWidth() || (long) y + h > image.getHeight()) {
      throw new IllegalArgumentException(
          "region "
              + x
              + ","
              + y
              + " "
              + w
              + "x"
              + h
              + " outside "
              + image.getWidth()
              + "x"
              + image.getHeight());
    }
    if (scratch.length < w * h) {
      scratch = new int[w * h];
    }
    codec.decode(region, scratch);
    image.getRaster().setDataElements(x, y, w, h, scratch);
  }

  /**
   * Reads the image under the decoder's lock, e.g. to paint it.
   *
   * @param reader gets the image, or null before the first full frame; must not keep it
   * @param <T> what the reader returns
   * @return what the reader returned
   */
  public synchronized <T> T read(Function<BufferedImage, T> reader) {
    return reader.apply(started ? image : null);
  }

  /**
   * Copies the current image.
   *
   * @return a copy, or null before the first full frame
   */
  public synchronized BufferedImage snapshot() {
    if (!started) {
      return null;
    }
    BufferedImage copy =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    copy.setData(image.getRaster());
    return copy;
  }

  /** Pointer x on the customer's screen, as of the last frame. */
  public synchronized int cursorX() {
    return cursorX;
  }

  /** Pointer y on the customer's screen, as of the last frame. */
  public synchronized int cursorY() {
    return cursorY;
  }

  /** Sequence number of the last frame applied. */
  public synchronized long sequence() {
    return sequence;
  }
}
