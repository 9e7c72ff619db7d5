package org.dvbcss.tv.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium, for
 * the page tests. Selenium Manager never runs: the driver and the browser are given by path, so
 * nothing goes online. Each browser gets a profile folder of its own, removed on {@link #close()}.
 *
 * <p>When either program is missing the test is skipped on a developer's machine and fails when the
 * {@code CI} environment variable is set (CI installs both).
 */
public final class Browser implements AutoCloseable {
  /** Where Debian installs the browser. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** Where Debian installs the driver. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  private Browser(int width, int height) throws IOException {
    profile = Files.createTempDirectory("dvbcss-chromium-");
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
        "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  /**
   * Starts a headless browser, or skips (fails under CI) when Chromium or its driver is missing.
   *
   * @param width window width, CSS pixels
   * @param height window height, CSS pixels
   * @return the browser; close it
   * @throws IOException if the profile folder cannot be made
   */
  public static Browser start(int width, int height) throws IOException {
    requireInstalled();
    return new Browser(width, height);
  }

  /** Skips the test (fails it when {@code CI} is set) unless Chromium and its driver are here. */
  public static void requireInstalled() {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        missing.add(p.toString());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String why =
        "browser tests need "
            + String.join(" and ", missing)
            + " (apt-get install -y chromium chromium-driver)";
    if (System.getenv("CI") != null) {
      throw new AssertionError(why);
    }
    Assumptions.abort(why);
  }

  /**
   * The driver, for anything this class does not wrap.
   *
   * @return the driver
   */
  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Opens a page and waits for it to load.
   *
   * @param url the page
   */
  public void open(String url) {
    driver.get(url);
  }

  /**
   * Runs a script in the page and returns its result (numbers come back as Long or Double, objects
   * as maps).
   *
   * @param script the body of a function; {@code return} gives the result
   * @param args its {@code arguments}
   * @return the result
   */
  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /**
   * Writes a screenshot of the window as PNG.
   *
   * @param file where; its folder is made if missing
   * @throws IOException if it cannot be written
   */
  public void screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(shot.toPath());
  }

  /**
   * The browser console's messages since the last call.
   *
   * @return one line per message: level and text
   */
  public List<String> console() {
    List<String> lines = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      lines.add(e.getLevel() + " " + e.getMessage());
    }
    return lines;
  }

  /**
   * Reads a number from a script's result.
   *
   * @param value what {@link #js} returned
   * @return it as a double
   */
  public static double number(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new AssertionError("not a number: " + value);
  }

  /**
   * Reads an object from a script's result.
   *
   * @param value what {@link #js} returned
   * @return it as a map
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new AssertionError("not an object: " + value);
  }

  /** Quits the browser and its driver and removes the profile folder. */
  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary folder
    }
  }
}
