package puente.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by its own chromedriver with a fresh profile, signed in to the
 * console: it loads a page and reports the browser's own first contentful paint.
 */
final class ConsoleBrowser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String FIRST_PAINT =
      "const paint = performance.getEntriesByName('first-contentful-paint');"
          + " return paint.length ? paint[0].startTime : null;";

  private final ChromeDriver driver;
  private final String base;
  private final Path profile;
  private final Thread quitOnExit;

  private ConsoleBrowser(ChromeDriver driver, String base, Path profile) {
    this.driver = driver;
    this.base = base;
    this.profile = profile;
    this.quitOnExit = new Thread(this::quit, "chromium-cleanup");
  }

  /** Whether Debian's {@code chromium} and {@code chromium-driver} are installed. */
  static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /**
   * Starts the browser and signs in through the console's form.
   *
   * @param base e.g. {@code http://127.0.0.1:8080}
   */
  static ConsoleBrowser signIn(String base, String user, String password) throws IOException {
    Path profile = Files.createTempDirectory("puente-bench-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // As root, Chromium runs only without its sandbox; a laptop-sized window for the layout; and
    // no traffic of its own (updates, first-run pages): the benchmark stays on loopback.
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--window-size=1366,768",
        "--user-data-dir=" + profile,
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    ConsoleBrowser browser = new ConsoleBrowser(driver, base, profile);
    // If the benchmark is stopped midway, Chromium and its driver stop with it.
    Runtime.getRuntime().addShutdownHook(browser.quitOnExit);
    try {
      driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
      driver.get(base + "/console/login");
      driver.findElement(By.id("username")).sendKeys(user);
      driver.findElement(By.id("password")).sendKeys(password);
      driver.findElement(By.id("sign-in")).click();
      new WebDriverWait(driver, TIMEOUT).until(d -> d.getCurrentUrl().endsWith("/console/live"));
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
    return browser;
  }

  /**
   * Loads a page afresh, as a reload does: from a page of the same site, so that the browser keeps
   * its renderer process (from a blank page it starts one, and that is most of what it measures).
   *
   * @return the page's first contentful paint, in milliseconds since its navigation started
   */
  double firstPaintMillis(String path) {
    driver.get(base + path);
    Object painted =
        new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(10))
            .until(d -> driver.executeScript(FIRST_PAINT));
    return ((Number) painted).doubleValue();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(quitOnExit);
    } catch (IllegalStateException exiting) {
      // The hook is running or has run: it quits.
      return;
    }
    quit();
  }

  /** Stops Chromium and its driver, and removes the profile. */
  private void quit() {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      System.err.println("Chromium's profile " + profile + " is left behind: " + e);
    }
  }
}
