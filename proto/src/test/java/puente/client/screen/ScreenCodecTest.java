package puente.client.screen;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import puente.v1.ScreenFrame;
import puente.v1.ScreenRegion;

class ScreenCodecTest {
  private static final Instant NOW = Instant.parse("2026-11-25T15:00:00Z");

  @Test
  void aFullFrameDecodesToTheSamePixels() {
    BufferedImage screen = TestScreens.desktop(1280, 800, 1);
    ScreenEncoder encoder = ScreenEncoder.create();
    ScreenDecoder decoder = new ScreenDecoder();

    List<ScreenFrame> frames =
        encoder.encode(ScreenPixels.of(TestScreens.copy(screen)), false, NOW, 10, 20);

    assertThat(frames.get(0).getFull()).isTrue();
    frames.forEach(
        frame -> assertThat(decoder.apply(frame)).isEqualTo(ScreenDecoder.Result.APPLIED));
    assertThat(pixels(decoder.snapshot())).isEqualTo(pixels(screen));
    assertThat(decoder.cursorX()).isEqualTo(10);
    assertThat(decoder.cursorY()).isEqualTo(20);
  }

  @Test
  void onlyTheChangedTilesTravelAndTheResultEqualsTheNewScreen() {
    BufferedImage first = TestScreens.desktop(1280, 800, 2);
    BufferedImage second = TestScreens.copy(first);
    Graphics2D g = second.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(100, 100, 10, 10); // within tile (1,1)
    g.fillRect(700, 700, 70, 3); // spans tiles 10 and 11 of band 10 (x 640..767)
    g.dispose();
    ScreenEncoder encoder = ScreenEncoder.create();
    ScreenDecoder decoder = new ScreenDecoder();
    encoder
        .encode(ScreenPixels.of(TestScreens.copy(first)), false, NOW, 0, 0)
        .forEach(decoder::apply);

    List<ScreenFrame> update =
        encoder.encode(ScreenPixels.of(TestScreens.copy(second)), false, NOW, 0, 0);

    assertThat(update).hasSize(1);
    assertThat(update.get(0).getFull()).isFalse();
    assertThat(update.get(0).getRegionsList())
        .extracting(r -> List.of(r.getX(), r.getY(), r.getWidth(), r.getHeight()))
        .containsExactly(List.of(64, 64, 64, 64), List.of(640, 640, 192, 64));
    assertThat(decoder.apply(update.get(0))).isEqualTo(ScreenDecoder.Result.APPLIED);
    assertThat(pixels(decoder.snapshot())).isEqualTo(pixels(second));
  }

  @Test
  void anUnchangedScreenSendsNothingAndAMovedPointerSendsNoPixels() {
    BufferedImage screen = TestScreens.desktop(640, 480, 3);
    ScreenEncoder encoder = ScreenEncoder.create();
    encoder.encode(ScreenPixels.of(TestScreens.copy(screen)), false, NOW, 5, 5);

    assertThat(encoder.encode(ScreenPixels.of(TestScreens.copy(screen)), false, NOW, 5, 5))
        .isEmpty();
    List<ScreenFrame> moved =
        encoder.encode(ScreenPixels.of(TestScreens.copy(screen)), false, NOW, 6, 7);
    assertThat(moved)
        .singleElement()
        .satisfies(
            frame -> {
              assertThat(frame.getRegionsCount()).isZero();
              assertThat(frame.getCursorX()).isEqualTo(6);
              assertThat(frame.getSequence()).isEqualTo(2);
            });
  }

  @Test
  void aRequestedFullFrameResendsEverything() {
    BufferedImage screen = TestScreens.desktop(640, 480, 4);
    ScreenEncoder encoder = ScreenEncoder.create();
    encoder.encode(ScreenPixels.of(TestScreens.copy(screen)), false, NOW, 0, 0);

    List<ScreenFrame> full =
        encoder.encode(ScreenPixels.of(TestScreens.copy(screen)), true, NOW, 0, 0);

    ScreenDecoder late = new ScreenDecoder();
    assertThat(full.get(0).getFull()).isTrue();
    full.forEach(late::apply);
    assertThat(pixels(late.snapshot())).isEqualTo(pixels(screen));
  }

  @Test
  void aLargeUpdateIsSplitIntoMessagesUnderTheLimitThatTogetherRebuildTheScreen() {
    BufferedImage noise = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(5);
    for (int y = 0; y < 1080; y++) {
      for (int x = 0; x < 1920; x++) {
        noise.setRGB(x, y, random.nextInt(0xFFFFFF));
      }
    }
    ScreenEncoder encoder =
        new ScreenEncoder(ScreenRegion.Encoding.RGB_DEFLATE, Deflater.BEST_SPEED, 1 << 20);

    List<ScreenFrame> frames =
        encoder.encode(ScreenPixels.of(TestScreens.copy(noise)), false, NOW, 0, 0);

    assertThat(frames.size()).isGreaterThan(1);
    assertThat(frames)
        .allSatisfy(
            frame -> {
              assertThat(frame.getSerializedSize()).isLessThan(2 << 20);
              assertThat(frame.getSequence()).isEqualTo(1);
            });
    assertThat(frames).extracting(ScreenFrame::getFull).containsOnlyOnce(true);
    assertThat(frames.get(0).getFull()).isTrue();
    ScreenDecoder decoder = new ScreenDecoder();
    frames.forEach(decoder::apply);
    assertThat(pixels(decoder.snapshot())).isEqualTo(pixels(noise));
  }

  @Test
  void pngRegionsRoundTripToo() {
    BufferedImage screen = TestScreens.desktop(333, 201, 6);
    ScreenEncoder encoder =
        new ScreenEncoder(ScreenRegion.Encoding.PNG, Deflater.BEST_SPEED, 1 << 20);
    ScreenDecoder decoder = new ScreenDecoder();

    encoder
        .encode(ScreenPixels.of(TestScreens.copy(screen)), false, NOW, 0, 0)
        .forEach(decoder::apply);

    assertThat(pixels(decoder.snapshot())).isEqualTo(pixels(screen));
  }

  @Test
  void aPartialFrameBeforeAnyFullFrameAsksForAFullFrame() {
    ScreenEncoder encoder = ScreenEncoder.create();
    BufferedImage screen = TestScreens.desktop(320, 200, 7);
    encoder.encode(ScreenPixels.of(TestScreens.copy(screen)), false, NOW, 0, 0);
    BufferedImage changed = TestScreens.copy(screen);
    changed.setRGB(1, 1, 0x123456);
    List<ScreenFrame> partial = encoder.encode(ScreenPixels.of(changed), false, NOW, 0, 0);

    ScreenDecoder joinedLate = new ScreenDecoder();

    assertThat(joinedLate.apply(partial.get(0))).isEqualTo(ScreenDecoder.Result.NEEDS_FULL_FRAME);
    assertThat(joinedLate.snapshot()).isNull();
  }

  @Test
  void aRegionOutsideTheScreenOrWithBadDataAsksForAFullFrame() {
    ScreenDecoder decoder = new ScreenDecoder();
    ScreenFrame bad =
        ScreenFrame.newBuilder()
            .setFull(true)
            .setWidth(100)
            .setHeight(100)
            .addRegions(
                ScreenRegion.newBuilder()
                    .setX(90)
                    .setY(0)
                    .setWidth(64)
                    .setHeight(64)
                    .setEncoding(ScreenRegion.Encoding.RGB_DEFLATE))
            .build();
    ScreenFrame garbage =
        ScreenFrame.newBuilder()
            .setFull(true)
            .setWidth(100)
            .setHeight(100)
            .addRegions(
                ScreenRegion.newBuilder()
                    .setX(0)
                    .setY(0)
                    .setWidth(4)
                    .setHeight(4)
                    .setEncoding(ScreenRegion.Encoding.RGB_DEFLATE)
                    .setData(com.google.protobuf.ByteString.copyFromUtf8("not zlib")))
            .build();

    assertThat(decoder.apply(bad)).isEqualTo(ScreenDecoder.Result.NEEDS_FULL_FRAME);
    assertThat(decoder.apply(garbage)).isEqualTo(ScreenDecoder.Result.NEEDS_FULL_FRAME);
  }

  @Test
  void aNewScreenSizeStartsAFullFrame() {
    ScreenEncoder encoder = ScreenEncoder.create();
    encoder.encode(ScreenPixels.of(TestScreens.desktop(320, 200, 8)), false, NOW, 0, 0);

    List<ScreenFrame> resized =
        encoder.encode(ScreenPixels.of(TestScreens.desktop(400, 300, 8)), false, NOW, 0, 0);

    assertThat(resized.get(0).getFull()).isTrue();
    assertThat(resized.get(0).getWidth()).isEqualTo(400);
  }

  static int[] pixels(BufferedImage image) {
    int[] rgb = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] &= 0xFFFFFF;
    }
    return rgb;
  }
}
