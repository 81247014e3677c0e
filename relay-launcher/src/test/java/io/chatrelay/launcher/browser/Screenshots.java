package io.chatrelay.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/** Whole-page pictures of what the tests saw, under {@code target/screenshots/}, for people to look at. */
final class Screenshots {

  static final Path DIR = Path.of("target", "screenshots");
  private static final int MAX_HEIGHT = 6000;

  private Screenshots() {}

  /** Resizes the window to the page's full height at this width, then saves it as {@code name}.png. */
  static Path fullPage(ChromeDriver driver, int width, String name) {
    driver.manage().window().setSize(new Dimension(width, 900));
    for (int i = 0; i < 3; i++) {
      long missing = ((Number) driver.executeScript("window.scrollTo(0, 0);"
          + "return document.documentElement.scrollHeight - window.innerHeight")).longValue();
      if (missing <= 0) {
        break;
      }
      Dimension now = driver.manage().window().getSize();
      driver.manage().window().setSize(new Dimension(width, (int) Math.min(MAX_HEIGHT, now.getHeight() + missing)));
    }
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    assertThat(png.length).isGreaterThan(1000);
    Path file = DIR.resolve(name + ".png");
    try {
      Files.createDirectories(DIR);
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
