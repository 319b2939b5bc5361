package puente.e2e.console;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import puente.e2e.Rig;

/**
 * Debian's headless Chromium driven by its chromedriver, with a fresh profile, for the console's
 * browser tests. Keeps screenshots under {@code e2e/target/console/}.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SHOTS = Path.of(System.getProperty("puente.root", ".."), "e2e/target/console");
  private static final Duration SIGN_IN = Duration.ofSeconds(30);

  final ChromeDriver driver;
  final String base;
  private final Path profile;

  private Browser(ChromeDriver driver, String base, Path profile) {
    this.driver = driver;
    this.base = base;
    this.profile = profile;
  }

  /**
   * Starts a browser for the console at {@code base}; skips the test where Chromium is missing,
   * except on CI, which installs it ({@code .ci/run}).
   */
  static Browser open(String base) throws IOException {
    boolean present = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
    if (!present && System.getenv("CI") != null) {
      throw new AssertionError("chromium and chromium-driver must be installed on CI");
    }
    assumeTrue(
        present,
        "Chromium is not installed (apt-get install chromium chromium-driver): browser tests"
            + " skipped");
    Path profile = Files.createTempDirectory("puente-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1360,860",
        "--lang=es-MX",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, base, profile);
  }

  void go(String path) {
    driver.get(path.startsWith("http") ? path : base + path);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  WebDriverWait waiting(Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(20));
  }

  /** Signs in through the form. */
  void signIn(String user, String password) {
    go("/console/login");
    find("#username").sendKeys(user);
    find("#password").sendKeys(password);
    find("#sign-in").click();
  }

  /**
   * Starts a browser on the rig's console, signed in through the form as a supervisor, on "En
   * vivo", where supervisors land.
   */
  static Browser supervisor(Rig rig, String user) throws IOException {
    Browser browser = open(rig.httpBase());
    try {
      browser.signIn(user, Rig.PASSWORD);
      browser.waiting(SIGN_IN).until(ExpectedConditions.urlContains("/console/live"));
      return browser;
    } catch (RuntimeException e) {
      browser.close();
      throw e;
    }
  }

  /** Saves a screenshot of the page as {@code e2e/target/console/NAME.png}. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SHOTS);
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path to = SHOTS.resolve(name + ".png");
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    return to;
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
