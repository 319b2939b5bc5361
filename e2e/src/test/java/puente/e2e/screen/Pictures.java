package puente.e2e.screen;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Comparing screenshots: where a marker colour is, and how many pixels differ. */
public final class Pictures {
  private Pictures() {}

  public static BufferedImage read(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    if (image == null) {
      throw new IOException("not an image: " + file);
    }
    return image;
  }

  /** The first pixel of exactly this colour, scanning rows from the top; null if none. */
  static int[] find(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
          return new int[] {x, y};
        }
      }
    }
    return null;
  }

  /**
   * The share of {@code expected}'s pixels whose counterpart in {@code actual}, shifted by {@code
   * (dx, dy)}, differs by more than {@code tolerance} in any channel. Pixels that fall outside
   * {@code actual} count as different.
   */
  public static double differing(
      BufferedImage expected, BufferedImage actual, int dx, int dy, int tolerance) {
    long bad = 0;
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int ax = x + dx;
        int ay = y + dy;
        if (ax < 0
            || ay < 0
            || ax >= actual.getWidth()
            || ay >= actual.getHeight()
            || !close(expected.getRGB(x, y), actual.getRGB(ax, ay), tolerance)) {
          bad++;
        }
      }
    }
    return (double) bad / ((long) expected.getWidth() * expected.getHeight());
  }

  /** Mean absolute difference per channel (0-255) between two images of the same size. */
  static double meanDifference(BufferedImage a, BufferedImage b) {
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  private static boolean close(int p, int q, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }
}
