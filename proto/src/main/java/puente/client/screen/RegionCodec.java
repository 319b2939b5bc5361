package puente.client.screen;

import com.google.protobuf.ByteString;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import puente.v1.ScreenRegion;

/**
 * Turns a rectangle of pixels into the bytes of a {@link ScreenRegion} and back.
 *
 * <p>{@code RGB_DEFLATE} is each pixel as a big-endian 32-bit {@code 0x00RRGGBB} word, row by row,
 * zlib-deflated. {@code PNG} and {@code JPEG} are ImageIO images of the rectangle (decoding only
 * for JPEG: it is lossy and Puente never sends it).
 */
final class RegionCodec {
  private final Deflater deflater;
  private final Inflater inflater = new Inflater();
  private byte[] raw = new byte[0];
  private byte[] chunk = new byte[64 * 1024];

  RegionCodec(int deflateLevel) {
    this.deflater = new Deflater(deflateLevel);
  }

  /** Encodes the rectangle {@code (x, y, w, h)} of a screen. */
  ByteString encode(
      ScreenRegion.Encoding encoding, ScreenPixels screen, int x, int y, int w, int h) {
    return switch (encoding) {
      case RGB_DEFLATE -> deflate(screen, x, y, w, h);
      case PNG -> png(screen, x, y, w, h);
      default ->
          throw new IllegalArgumentException(
              "encoding: " + encoding + " (expected: RGB_DEFLATE or PNG)");
    };
  }

  /**
   * Decodes a region into {@code rgb}, a {@code w * h} array.
   *
   * @throws IllegalArgumentException if the bytes do not hold such a rectangle
   */
  void decode(ScreenRegion region, int[] rgb) {
    int w = region.getWidth();
    int h = region.getHeight();
    switch (region.getEncoding()) {
      case RGB_DEFLATE -> inflate(region.getData(), rgb, w * h);
      case PNG, JPEG -> {
        BufferedImage image = readImage(region.getData());
        if (image.getWidth() != w || image.getHeight() != h) {
          throw new IllegalArgumentException(
              "region image is "
                  + image.getWidth()
                  + "x"
                  + image.getHeight()
                  + " (expected: "
                  + w
                  + "x"
                  + h
                  + ")");
        }
        image.getRGB(0, 0, w, h, rgb, 0, w);
      }
      default -> throw new IllegalArgumentException("encoding: " + region.getEncoding());
    }
  }

  private ByteString deflate(ScreenPixels screen, int x, int y, int w, int h) {
    int size = w * h * 4;
    if (raw.length < size) {
      raw = new byte[size];
    }
    int[] rgb = screen.rgb();
    int at = 0;
    for (int row = y; row < y + h; row++) {
      int offset = row * screen.width() + x;
      for (int i = offset; i < offset + w; i++) {
        int pixel = rgb[i];
        raw[at++] = 0;
        raw[at++] = (byte) (pixel >>> 16);
        raw[at++] = (byte) (pixel >>> 8);
        raw[at++] = (byte) pixel;
      }
    }
    deflater.reset();
    deflater.setInput(raw, 0, size);
    deflater.finish();
    ByteString.Output out = ByteString.newOutput(Math.max(64, size / 8));
    while (!deflater.finished()) {
      int n = deflater.deflate(chunk);
      out.write(chunk, 0, n);
    }
    return out.toByteString();
  }

  private void inflate(ByteString data, int[] rgb, int pixels) {
    int size = pixels * 4;
    if (raw.length < size) {
      raw = new byte[size];
    }
    inflater.reset();
    inflater.setInput(data.toByteArray());
    int filled = 0;
    try {
      while (filled < size && !inflater.finished()) {
        int n = inflater.inflate(raw, filled, size - filled);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        filled += n;
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("RGB_DEFLATE data: " + e.getMessage(), e);
    }
    if (filled != size || !inflater.finished()) {
      throw new IllegalArgumentException(
          "RGB_DEFLATE data: " + filled + " bytes (expected: " + size + ")");
    }
    for (int i = 0, at = 0; i < pixels; i++, at += 4) {
      rgb[i] = (raw[at + 1] & 0xFF) << 16 | (raw[at + 2] & 0xFF) << 8 | (raw[at + 3] & 0xFF);
    }
  }

  private static ByteString png(ScreenPixels screen, int x, int y, int w, int h) {
    BufferedImage tile = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    tile.setRGB(0, 0, w, h, screen.rgb(), y * screen.width() + x, screen.width());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(tile, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG in memory", e);
    }
    return ByteString.copyFrom(out.toByteArray());
  }

  private static BufferedImage readImage(ByteString data) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(data.toByteArray()));
      if (image == null) {
        throw new IllegalArgumentException("region image: not a PNG or JPEG image");
      }
      return image;
    } catch (IOException e) {
      throw new IllegalArgumentException("region image: " + e.getMessage(), e);
    }
  }

  /** Frees the native zlib state. */
  void close() {
    deflater.end();
    inflater.end();
  }
}
