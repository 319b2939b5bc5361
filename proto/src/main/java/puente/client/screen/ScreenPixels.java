package puente.client.screen;

import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * One captured screen as 32-bit {@code 0x00RRGGBB} pixels, row by row. The array is owned by the
 * caller until it is passed to {@link ScreenEncoder#encode}, which keeps it as the reference for
 * the next frame: pass a fresh array per capture.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb {@code width * height} pixels, row by row
 */
public record ScreenPixels(int width, int height, int[] rgb) {
  /** Checks the size against the pixels. */
  public ScreenPixels {
    requireNonNull(rgb, "rgb");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size: " + width + "x" + height + " (expected: positive)");
    }
    if (rgb.length != width * height) {
      throw new IllegalArgumentException(
          "rgb.length: " + rgb.length + " (expected: " + width * height + ")");
    }
  }

  /**
   * Takes the pixels of an image: without copying when it is a plain {@code TYPE_INT_RGB} image (as
   * {@link java.awt.Robot#createScreenCapture} returns), converted otherwise.
   *
   * @param image the image; must not be drawn on afterwards if it is not copied
   * @return its pixels
   */
  public static ScreenPixels of(BufferedImage image) {
    requireNonNull(image, "image");
    int width = image.getWidth();
    int height = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
        && buffer.getNumBanks() == 1
        && buffer.getData().length == width * height) {
      return new ScreenPixels(width, height, buffer.getData());
    }
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] &= 0xFFFFFF;
    }
    return new ScreenPixels(width, height, rgb);
  }

  /**
   * Wraps the pixels in an image without copying.
   *
   * @return a {@code TYPE_INT_RGB} image backed by {@link #rgb()}
   */
  public BufferedImage toImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, rgb, 0, width);
    return image;
  }
}
