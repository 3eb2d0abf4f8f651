package io.rivalwatch.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rivalwatch.artefact.ArtefactKey;
import io.rivalwatch.artefact.ArtefactKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The retention settings as Spring binds them: defaults, classes per folder, and errors that name the fix. */
class RetentionPropertiesTest {

  @Test
  void theDefaultsKeepRawResearchAMonthAnalysesHalfAYearReportsAndRecordsTwoYearsAndTheAuditTrailSeven() {
    RetentionProperties p = bind(Map.of());

    assertThat(p.keepFor(p.classOf(ArtefactKeys.gatheredSource("run-1", "acme", "website", 0))))
        .isEqualTo(Duration.ofDays(30));
    assertThat(p.keepFor(p.classOf(ArtefactKeys.analysis("run-1", "acme", "sentiment")))).isEqualTo(Duration.ofDays(180));
    assertThat(p.keepFor(p.classOf(ArtefactKeys.reportHtml("run-1", 1)))).isEqualTo(Duration.ofDays(730));
    assertThat(p.keepFor(p.classOf(ArtefactKeys.runRecord("run-1")))).isEqualTo(Duration.ofDays(730));
    assertThat(p.keepFor(p.classOf(ArtefactKeys.auditEntry("run-1", "run-started")))).isEqualTo(Duration.ofDays(2555));
    assertThat(p.classOf(ArtefactKeys.dashboardIndex())).isEqualTo("report");
    assertThat(p.classOf(ArtefactKeys.analysedIn(ArtefactKeys.HISTORY, "acme", "run-1"))).isEqualTo("derived");
    assertThat(p.classOf(ArtefactKey.forRun("run-1", "something-new", "x.json"))).isEqualTo("record");
    assertThat(p.memory()).isEqualTo("derived");
    assertThat(p.dryRun()).isFalse();
  }

  @Test
  void classesAndKindsAreSetByFolder() {
    RetentionProperties p = bind(Map.of("rivalwatch.retention.classes.raw", "14d",
        "rivalwatch.retention.classes.scratch", "2d", "rivalwatch.retention.kinds.parked", "scratch",
        "rivalwatch.retention.dry-run", "true"));

    assertThat(p.keepFor("raw")).isEqualTo(Duration.ofDays(14));
    assertThat(p.classOf(ArtefactKeys.parked("run-1", "acme", "news-source"))).isEqualTo("scratch");
    assertThat(p.keepFor("derived")).as("the other defaults stay").isEqualTo(Duration.ofDays(180));
    assertThat(p.dryRun()).isTrue();
  }

  @Test
  void badSettingsNameThePropertyAndTheFix() {
    assertThatThrownBy(() -> bind(Map.of("rivalwatch.retention.classes.raw", "36h")))
        .hasStackTraceContaining("rivalwatch.retention.classes.raw: 'PT36H' is not a whole number of days")
        .hasStackTraceContaining("Fix: e.g. 30d");
    assertThatThrownBy(() -> bind(Map.of("rivalwatch.retention.kinds.research", "forever")))
        .hasStackTraceContaining("rivalwatch.retention.kinds.research: 'forever' is no retention class. Fix: use one of");
    assertThatThrownBy(() -> bind(Map.of("rivalwatch.retention.memory", "gone")))
        .hasStackTraceContaining("rivalwatch.retention.memory: 'gone' is no retention class");
  }

  @Test
  void theEnginesTimeIsReadInTheFormsFeelGivesIt() {
    Instant at = Instant.parse("2026-12-07T04:00:00.123Z");
    assertThat(ApplyRetentionWorker.parse("2026-12-07T04:00:00.123Z")).isEqualTo(at);
    assertThat(ApplyRetentionWorker.parse("2026-12-07T05:00:00.123+01:00")).isEqualTo(at);
    assertThat(ApplyRetentionWorker.parse("2026-12-07T04:00:00.123Z[UTC]")).isEqualTo(at);
    assertThat(ApplyRetentionWorker.parse("\"2026-12-07T04:00:00.123Z\"")).isEqualTo(at);
    assertThatThrownBy(() -> ApplyRetentionWorker.parse("yesterday"))
        .hasMessageContaining("process variable 'retentionAsOf': 'yesterday' is not an ISO date and time");
  }

  private static RetentionProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("rivalwatch.retention", RetentionProperties.class);
  }
}
