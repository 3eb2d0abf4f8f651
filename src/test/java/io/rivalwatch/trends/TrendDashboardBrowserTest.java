package io.rivalwatch.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser reads the trend dashboard: Debian's Chromium, headless, driven through WebDriver by the system's
 * chromedriver (no driver download). Three nights are seeded, the page is opened from disk as people open it, every
 * chart must show marks of the three nights, a mark's link must open its report, and screenshots (laptop and phone)
 * are saved under target/ for people to look at. {@code .ci/run} installs chromium and chromium-driver when missing;
 * elsewhere set -Drivalwatch.chromium and -Drivalwatch.chromedriver to their paths.
 */
class TrendDashboardBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
  private static final String CHROMIUM = System.getProperty("rivalwatch.chromium", "/usr/bin/chromium");
  private static final String CHROMEDRIVER = System.getProperty("rivalwatch.chromedriver", "/usr/bin/chromedriver");

  @TempDir
  Path directory;

  private ChromeDriver browser;

  @BeforeEach
  void startBrowser() throws Exception {
    for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
      assertThat(Files.isExecutable(Path.of(program))).as("%s is needed by the dashboard's browser test: install "
          + "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does), or set "
          + "-Drivalwatch.chromium and -Drivalwatch.chromedriver to their paths", program).isTrue();
    }
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM);
    // the closed network of CI: nothing but the page itself, no background calls home, a fresh profile
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-extensions", "--hide-scrollbars",
        "--user-data-dir=" + Files.createDirectories(directory.resolve("chromium-profile")));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void everyChartShowsTheThreeNightsAndLinksToTheirReports() throws Exception {
    ThreeNights seeded = new ThreeNights(directory.resolve("data")).seed();
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(seeded.page().toUri().toString());
    assertThat(browser.getTitle()).isEqualTo("Trends: sample-list | rivalwatch");

    List<WebElement> charts = browser.findElements(By.cssSelector("figure.chart"));
    // five per competitor, and the whole run's cost
    assertThat(charts).hasSize(2 * 5 + 1);
    for (WebElement chart : charts) {
      List<WebElement> marks = chart.findElements(By.cssSelector("svg .mark"));
      Set<String> nights = marks.stream().map(m -> m.getDomAttribute("data-night")).collect(Collectors.toSet());
      assertThat(nights).as(chart.getDomAttribute("data-chart"))
          .containsExactlyInAnyOrderElementsOf(ThreeNights.RUNS);
      // drawn, not only present: the browser laid every chart out with a size
      WebElement svg = chart.findElement(By.tagName("svg"));
      assertThat(svg.getSize().getWidth()).as(chart.getDomAttribute("data-chart")).isGreaterThan(300);
      assertThat(svg.getSize().getHeight()).isGreaterThan(100);
    }
    assertThat(browser.findElements(By.cssSelector("figure[data-chart=sentiment] circle.mark"))).hasSize(2 * 3);
    // the style sheet ran under the page's Content-Security-Policy (its hash is allowed), so the charts have colour
    assertThat(browser.findElement(By.cssSelector("figure.chart")).getCssValue("border-top-style")).isEqualTo("solid");
    assertThat(browser.findElement(By.cssSelector("circle.mark.sentiment")).getCssValue("fill"))
        .isEqualTo("rgb(38, 128, 194)");
    // hostile text from pages and models is shown as text, and ran nothing
    assertThat(browser.findElement(By.tagName("body")).getText()).contains(ThreeNights.HOSTILE_NAME);
    assertThat(browser.findElements(By.cssSelector("section.competitor h2 b"))).isEmpty();

    Path laptop = screenshot("trends-laptop.png", 1280);
    assertThat(Files.size(laptop)).isGreaterThan(10_000);

    // a phone: the charts shrink to the screen, nothing scrolls sideways
    browser.manage().window().setSize(new Dimension(390, 844));
    JavascriptExecutor js = browser;
    Number scrollWidth = (Number) js.executeScript("return document.documentElement.scrollWidth");
    Number viewport = (Number) js.executeScript("return document.documentElement.clientWidth");
    assertThat(scrollWidth.intValue()).isLessThanOrEqualTo(viewport.intValue());
    assertThat(browser.findElement(By.cssSelector("figure[data-chart=sentiment] svg")).getSize().getWidth())
        .isLessThanOrEqualTo(viewport.intValue());
    screenshot("trends-phone.png", 390);

    // follow the first night's sentiment mark to its report
    browser.manage().window().setSize(new Dimension(1280, 900));
    WebElement mark = browser.findElement(By.cssSelector(
        "section.competitor figure[data-chart=sentiment] circle.mark[data-night='night-1']"));
    new org.openqa.selenium.interactions.Actions(browser).scrollToElement(mark).perform();
    mark.click();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> "Report of night-1".equals(browser.getTitle()));
    assertThat(browser.getCurrentUrl()).endsWith("/night-1/synthesis/_run/report-r1.html");
  }

  /** The whole page at the given width, saved under target/ (kept after the test: people look at it). */
  private Path screenshot(String name, int width) throws Exception {
    // twice: the page reflows at the new width, and the window's height is more than the page's viewport
    for (int i = 0; i < 2; i++) {
      Number height = (Number) ((JavascriptExecutor) browser).executeScript(
          "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight");
      browser.manage().window().setSize(new Dimension(width, Math.min(12_000, height.intValue() + 16)));
    }
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.createDirectories(SCREENSHOTS);
    Path target = SCREENSHOTS.resolve(name);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target.toAbsolutePath();
  }
}
