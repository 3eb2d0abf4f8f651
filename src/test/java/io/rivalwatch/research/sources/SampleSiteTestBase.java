package io.rivalwatch.research.sources;

import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.resilience.OutsideServices;
import io.rivalwatch.sample.SampleSite;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Connector tests read the sample web through the real fetcher; each test starts from the sample files alone and
 * with the sample host's breaker closed.
 */
abstract class SampleSiteTestBase {

  static SampleSite site;
  static OutsideServices breakers;
  static WebFetcher fetcher;

  @BeforeAll
  static void startSite() {
    site = new SampleSite().start();
    breakers = OutsideServices.standalone();
    fetcher = new WebFetcher(site.webFetchProperties(), breakers, Clock.systemUTC());
  }

  @AfterAll
  static void stopSite() {
    fetcher.close();
    site.stop();
  }

  @BeforeEach
  void resetSite() {
    site.reset();
    // every test's pages are on the one sample host: one test's failures must not leave its breaker open
    breakers.reset();
  }
}
