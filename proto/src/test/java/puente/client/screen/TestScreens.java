package puente.client.screen;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Desktop-like pictures for codec tests: windows, text, a gradient wallpaper, some noise. */
final class TestScreens {
  private TestScreens() {}

  static BufferedImage desktop(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(
        new GradientPaint(0, 0, new Color(20, 60, 120), width, height, new Color(120, 180, 220)));
    g.fillRect(0, 0, width, height);
    Random random = new Random(seed);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int i = 0; i < 4; i++) {
      int x = random.nextInt(width / 2);
      int y = random.nextInt(height / 2);
      g.setColor(Color.WHITE);
      g.fillRect(x, y, width / 2, height / 2);
      g.setColor(new Color(40, 90, 160));
      g.fillRect(x, y, width / 2, 24);
      g.setColor(Color.BLACK);
      for (int line = 0; line < 12; line++) {
        g.drawString(
            "Póliza " + random.nextInt(100000) + " — saldo $" + random.nextInt(9999),
            x + 10,
            y + 44 + line * 18);
      }
    }
    g.dispose();
    for (int i = 0; i < 2000; i++) {
      image.setRGB(random.nextInt(width), random.nextInt(height), random.nextInt(0xFFFFFF));
    }
    return image;
  }

  static BufferedImage copy(BufferedImage image) {
    BufferedImage copy =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    copy.setData(image.getRaster());
    return copy;
  }
}
