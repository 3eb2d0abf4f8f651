package io.rivalwatch.research.sources;

import io.rivalwatch.adapters.web.WebFetcher;
import io.rivalwatch.sample.SampleSite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Connector tests read the sample web through the real fetcher; each test starts from the sample files alone. */
abstract class SampleSiteTestBase {

  static SampleSite site;
  static WebFetcher fetcher;

  @BeforeAll
  static void startSite() {
    site = new SampleSite().start();
    fetcher = new WebFetcher(site.researchProperties());
  }

  @AfterAll
  static void stopSite() {
    fetcher.close();
    site.stop();
  }

  @BeforeEach
  void resetSite() {
    site.reset();
  }
}
