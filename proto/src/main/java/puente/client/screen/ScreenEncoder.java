package puente.client.screen;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRegion;

/**
 * Turns successive captures of one screen into {@link ScreenFrame}s that carry only what changed.
 *
 * <p>The screen is cut into {@value #TILE}×{@value #TILE} tiles; a tile with any pixel different
 * from the previous capture is sent, and neighbouring changed tiles in the same row of tiles go as
 * one region. A full update (the first capture, a new screen size, or on request) sends every tile.
 * Regions are {@code RGB_DEFLATE} by default: on screen content it is about as small as PNG and
 * several times faster to encode (see {@code docs/BENCHMARKS.md}).
 *
 * <p>An update larger than {@link #maxMessageBytes} is split into several frames with the same
 * sequence, sent one after the other; only the first of a full update has {@code full} set, and the
 * rest complete it. This keeps every message well under gRPC's 4 MiB default limit.
 *
 * <p>Not thread-safe: one capture thread owns an encoder.
 */
public final class ScreenEncoder {
  /** Tile edge in pixels. */
  public static final int TILE = 64;

  /** Default split size for one message's region data. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

  /** Default zlib level for {@code RGB_DEFLATE}. */
  public static final int DEFAULT_DEFLATE_LEVEL = 6;

  private final ScreenRegion.Encoding encoding;
  private final int maxMessageBytes;
  private final RegionCodec codec;
  private ScreenPixels previous;
  private long sequence;
  private int lastCursorX = -1;
  private int lastCursorY = -1;

  /**
   * Creates an encoder.
   *
   * @param encoding {@code RGB_DEFLATE} or {@code PNG}
   * @param deflateLevel zlib level for {@code RGB_DEFLATE}, 1 (fast) to 9 (small)
   * @param maxMessageBytes region bytes after which an update continues in another frame
   */
  public ScreenEncoder(ScreenRegion.Encoding encoding, int deflateLevel, int maxMessageBytes) {
    this.encoding = requireNonNull(encoding, "encoding");
    if (encoding != ScreenRegion.Encoding.RGB_DEFLATE && encoding != ScreenRegion.Encoding.PNG) {
      throw new IllegalArgumentException(
          "encoding: " + encoding + " (expected: RGB_DEFLATE or PNG)");
    }
    if (deflateLevel < 1 || deflateLevel > 9) {
      throw new IllegalArgumentException("deflateLevel: " + deflateLevel + " (expected: 1-9)");
    }
    if (maxMessageBytes < 1024) {
      throw new IllegalArgumentException(
          "maxMessageBytes: " + maxMessageBytes + " (expected: >= 1024)");
    }
    this.maxMessageBytes = maxMessageBytes;
    this.codec = new RegionCodec(deflateLevel);
  }

  /**
   * An encoder with the defaults: {@code RGB_DEFLATE} at zlib level 6, 1 MiB per message. Level 6
   * makes frames about a fifth smaller than level 1 for two to three times the (still small)
   * encoding time; the link, not the customer's processor, is what usually limits a session.
   *
   * @return a new encoder
   */
  public static ScreenEncoder create() {
    return new ScreenEncoder(
        ScreenRegion.Encoding.RGB_DEFLATE, DEFAULT_DEFLATE_LEVEL, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /**
   * Encodes a capture against the previous one, which it then replaces.
   *
   * @param screen the capture; kept by the encoder, so the caller must not change it afterwards
   * @param full whether to send every tile (a viewer asked for a full frame)
   * @param capturedAt when it was captured
   * @param cursorX pointer position
   * @param cursorY pointer position
   * @return the frames to send in order: empty when nothing changed, one frame without regions when
   *     only the pointer moved
   */
  public List<ScreenFrame> encode(
      ScreenPixels screen, boolean full, Instant capturedAt, int cursorX, int cursorY) {
    requireNonNull(screen, "screen");
    requireNonNull(capturedAt, "capturedAt");
    boolean everything =
        full
            || previous == null
            || previous.width() != screen.width()
            || previous.height() != screen.height();
    List<int[]> rects = everything ? allTiles(screen) : changedTiles(previous, screen);
    previous = screen;
    boolean cursorMoved = cursorX != lastCursorX || cursorY != lastCursorY;
    if (rects.isEmpty() && !cursorMoved) {
      return List.of();
    }
    lastCursorX = cursorX;
    lastCursorY = cursorY;
    sequence++;
    Timestamp at =
        Timestamp.newBuilder()
            .setSeconds(capturedAt.getEpochSecond())
            .setNanos(capturedAt.getNano())
            .build();
    List<ScreenFrame> frames = new ArrayList<>();
    ScreenFrame.Builder frame = frameHeader(screen, everything, at, cursorX, cursorY);
    long bytes = 0;
    for (int[] rect : rects) {
      ByteString data = codec.encode(encoding, screen, rect[0], rect[1], rect[2], rect[3]);
      if (bytes > 0 && bytes + data.size() > maxMessageBytes) {
        frames.add(frame.build());
        frame = frameHeader(screen, false, at, cursorX, cursorY);
        bytes = 0;
      }
      frame.addRegions(
          ScreenRegion.newBuilder()
              .setX(rect[0])
              .setY(rect[1])
              .setWidth(rect[2])
              .setHeight(rect[3])
              .setEncoding(encoding)
              .setData(data));
      bytes += data.size();
    }
    frames.add(frame.build());
    return frames;
  }

  /** Frees native compression state; the encoder must not be used afterwards. */
  public void close() {
    codec.close();
  }

  private ScreenFrame.Builder frameHeader(
      ScreenPixels screen, boolean full, Timestamp at, int cursorX, int cursorY) {
    return ScreenFrame.newBuilder()
        .setSequence(sequence)
        .setFull(full)
        .setWidth(screen.width())
        .setHeight(screen.height())
        .setCapturedAt(at)
        .setCursorX(Math.max(0, cursorX))
        .setCursorY(Math.max(0, cursorY));
  }

  /** Every row of tiles as one region per row band (up to the message limit). */
  private static List<int[]> allTiles(ScreenPixels screen) {
    List<int[]> rects = new ArrayList<>();
    for (int y = 0; y < screen.height(); y += TILE) {
      int h = Math.min(TILE, screen.height() - y);
      // Whole bands of 16 tiles: large enough to compress well, small enough to split messages.
      for (int x = 0; x < screen.width(); x += TILE * 16) {
        rects.add(new int[] {x, y, Math.min(TILE * 16, screen.width() - x), h});
      }
    }
    return rects;
  }

  /** The changed tiles, neighbours in a row of tiles merged into one rectangle. */
  private static List<int[]> changedTiles(ScreenPixels before, ScreenPixels now) {
    int width = now.width();
    int height = now.height();
    int columns = (width + TILE - 1) / TILE;
    boolean[] changed = new boolean[columns];
    List<int[]> rects = new ArrayList<>();
    int[] a = before.rgb();
    int[] b = now.rgb();
    for (int bandY = 0; bandY < height; bandY += TILE) {
      int bandHeight = Math.min(TILE, height - bandY);
      Arrays.fill(changed, false);
      for (int row = bandY; row < bandY + bandHeight; row++) {
        int start = row * width;
        int end = start + width;
        int from = start;
        while (from < end) {
          int mismatch = Arrays.mismatch(a, from, end, b, from, end);
          if (mismatch < 0) {
            break;
          }
          int column = (from - start + mismatch) / TILE;
          changed[column] = true;
          from = start + (column + 1) * TILE;
        }
      }
      for (int column = 0; column < columns; column++) {
        if (!changed[column]) {
          continue;
        }
        int first = column;
        while (column + 1 < columns && changed[column + 1]) {
          column++;
        }
        int x = first * TILE;
        rects.add(new int[] {x, bandY, Math.min((column + 1) * TILE, width) - x, bandHeight});
      }
    }
    return rects;
  }
}
