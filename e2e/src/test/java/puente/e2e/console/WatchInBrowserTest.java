package puente.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import puente.e2e.Program;
import puente.e2e.screen.Pictures;
import puente.e2e.screen.Scene;
import puente.e2e.screen.XDisplay;

/**
 * A supervisor watches a live session's screen in headless Chromium: the real helper shares an Xvfb
 * display showing the test pattern, Ana views it with the agent app, and the supervisor opens "Ver
 * pantalla" from the live page. The canvas, read back from the page, matches the customer's display
 * within 0.5 % of its pixels; the customer sees the supervisor join and removes her, and the page
 * says so. Screenshots in {@code e2e/target/console/}.
 */
class WatchInBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  // A pixel counts as different past this per-channel difference (frames are lossless).
  static final int TOLERANCE = 8;

  @TempDir Path dir;

  @BeforeAll
  static void needsX() {
    XDisplay.assumeTools("Xvfb", "xdotool", "import");
  }

  @Test
  void aSupervisorWatchesTheCustomersScreenUntilTheCustomerRemovesHer() throws Exception {
    Files.createDirectories(Browser.SHOTS);
    try (Scene scene = Scene.start(dir)) {
      scene.rig.addStaff("sup", "Supervisora Díaz", "supervisor");
      scene.showPattern();
      Program helper = scene.helper();
      scene.viewWithConsent(helper, "--one-to-one");

      try (Browser browser = Browser.supervisor(scene.rig, "sup")) {
        // The live board is re-drawn as it changes: a link found a moment ago may be gone.
        browser
            .waiting(WAIT)
            .ignoring(StaleElementReferenceException.class)
            .until(
                driver -> {
                  driver.findElement(By.cssSelector("a.watch-link")).click();
                  return true;
                });
        browser.waiting(WAIT).until(ExpectedConditions.urlContains("/console/watch/"));
        assertThat(browser.find("h1").getText()).isEqualTo("Pantalla de " + Scene.CUSTOMER_NAME);

        // The customer is told who joined, by name and role.
        helper.awaitLine("Supervisora Díaz \\(supervisor\\) se unió", WAIT);
        browser
            .waiting(WAIT)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("watch-title"), "Viendo la pantalla en vivo"));
        browser
            .waiting(WAIT)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("watch-people"), "Supervisora Díaz"));

        double differing = awaitCanvasShowsCustomer(browser, scene);
        browser.screenshot("watch-01-screen");
        Files.writeString(
            Browser.SHOTS.resolve("watch-pixels.txt"),
            String.format(
                java.util.Locale.ROOT,
                "canvas against the customer's display: %.3f %% of pixels differ%n",
                differing * 100));
        assertThat(differing).isLessThan(0.005);

        // The customer removes her: the pixels stop and the page says why.
        helper.type("quitar Supervisora Díaz");
        browser
            .waiting(WAIT)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("watch-state"), "El cliente lo retiró de la sesión."));
        assertThat(browser.find("#watch-title").getText()).isEqualTo("Ya no ve esta pantalla");
        assertThat(browser.find("#watch").getAttribute("data-state")).isEqualTo("stopped");
        assertThat(browser.find("#screen").getAttribute("width")).isEqualTo("0");
        browser.screenshot("watch-02-removed");
      }
    }
  }

  /**
   * Waits until the canvas, read back from the page, matches a fresh screenshot of the customer's
   * display; returns the share of pixels that still differ (the best seen, if never within 0.5 %).
   */
  static double awaitCanvasShowsCustomer(Browser browser, Scene scene) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    double best = 1;
    while (System.nanoTime() < deadline) {
      BufferedImage canvas = canvas(browser);
      if (canvas != null) {
        BufferedImage customer =
            Pictures.read(scene.customer.screenshot(Browser.SHOTS.resolve("watch-customer.png")));
        if (canvas.getWidth() == customer.getWidth()
            && canvas.getHeight() == customer.getHeight()) {
          best = Math.min(best, Pictures.differing(customer, canvas, 0, 0, TOLERANCE));
          if (best < 0.005) {
            ImageIO.write(canvas, "png", Browser.SHOTS.resolve("watch-canvas.png").toFile());
            return best;
          }
        }
      }
      Thread.sleep(500);
    }
    return best;
  }

  /** The canvas's pixels as the page holds them, or null while it is empty. */
  static BufferedImage canvas(Browser browser) throws Exception {
    Object url =
        ((JavascriptExecutor) browser.driver)
            .executeScript(
                "const c = document.getElementById('screen');"
                    + " return c.width > 0 ? c.toDataURL('image/png') : null;");
    if (url == null) {
      return null;
    }
    String data = url.toString();
    byte[] png = Base64.getDecoder().decode(data.substring(data.indexOf(',') + 1));
    return ImageIO.read(new ByteArrayInputStream(png));
  }
}
