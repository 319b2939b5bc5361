package puente.customer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import puente.client.screen.ScreenPixels;
import puente.customer.desktop.Desktop;
import puente.v1.InputEvent;

/** A screen that changes one pixel per capture, counting captures and recording input. */
final class FakeDesktop implements Desktop {
  static final int WIDTH = 320;
  static final int HEIGHT = 200;

  final AtomicInteger captures = new AtomicInteger();
  final List<InputEvent> played = new CopyOnWriteArrayList<>();
  final List<String> clipboard = new CopyOnWriteArrayList<>();

  @Override
  public ScreenPixels capture() {
    int n = captures.incrementAndGet();
    int[] rgb = new int[WIDTH * HEIGHT];
    rgb[n % rgb.length] = 0xFFFFFF;
    return new ScreenPixels(WIDTH, HEIGHT, rgb);
  }

  @Override
  public int[] pointer() {
    return new int[] {1, 2};
  }

  @Override
  public void play(InputEvent event) {
    played.add(event);
  }

  @Override
  public void setClipboard(String text) {
    clipboard.add(text);
  }

  @Override
  public void releaseAll() {}

  @Override
  public String describe() {
    return WIDTH + "×" + HEIGHT;
  }
}
