package io.chatrelay.launcher.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the operating system's packages, driven by the system's chromedriver: nothing is
 * downloaded (naming the driver executable makes Selenium skip Selenium Manager). When either is missing the tests
 * fail, loudly, rather than being skipped: CI installs both ({@code apt-get install chromium chromium-driver}).
 */
final class Chromium {

  static final Path BROWSER = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  /** Each browser's profile folder: some megabytes each, removed when the browser quits. */
  private static final Map<ChromeDriver, Path> PROFILES = new ConcurrentHashMap<>();

  private Chromium() {}

  /** @param javaScript false starts the browser with JavaScript switched off, as some people browse */
  static ChromeDriver start(Path profiles, boolean javaScript) {
    requireExecutable(BROWSER, "chromium");
    requireExecutable(DRIVER, "chromium-driver");
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    Path profile = newProfile(profiles);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        "--disable-default-apps", "--window-size=1280,1000", "--user-data-dir=" + profile);
    if (!javaScript) {
      options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    // An alert must stay open so a test can see it happened; the default would dismiss it silently.
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    PROFILES.put(driver, profile);
    return driver;
  }

  /** Quits the browser (null: nothing started) and deletes its profile. */
  static void quit(ChromeDriver driver) {
    if (driver == null) {
      return;
    }
    try {
      driver.quit();
    } finally {
      Path profile = PROFILES.remove(driver);
      if (profile != null) {
        try (Stream<Path> paths = Files.walk(profile)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + profile, e);
        }
      }
    }
  }

  private static void requireExecutable(Path path, String debianPackage) {
    if (!Files.isExecutable(path)) {
      throw new AssertionError(path + " is missing: the browser tests need Debian's " + debianPackage
          + " package (apt-get install chromium chromium-driver). They are not skipped without it.");
    }
  }

  private static Path newProfile(Path profiles) {
    try {
      Files.createDirectories(profiles);
      return Files.createTempDirectory(profiles, "profile-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a browser profile under " + profiles, e);
    }
  }
}
