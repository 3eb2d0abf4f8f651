package io.rivalwatch.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.rivalwatch.artefact.ArtefactKeys;
import org.junit.jupiter.api.Test;

/** Which run an artefact outside a run's area belongs to, now that each watch list keeps its own history area. */
class RetentionOwnersTest {

  @Test
  void aWatchListsHistoryAreaIsNoRunAndItsEntriesNameTheirRuns() {
    String area = ArtefactKeys.historyArea("sales");
    assertThat(RetentionService.isRunArea(area)).isFalse();
    assertThat(RetentionService.isRunArea("run-7")).isTrue();
    assertThat(RetentionService.isRunArea(ArtefactKeys.progressEvents(java.time.Instant.EPOCH))).isFalse();
    assertThat(RetentionService.owningRun(ArtefactKeys.deliveredRun(area, "run-7"))).isEqualTo("run-7");
    assertThat(RetentionService.owningRun(ArtefactKeys.analysedIn(area, "acme", "run-7"))).isEqualTo("run-7");
    assertThat(RetentionService.owningRun(ArtefactKeys.deliveredRun(ArtefactKeys.HISTORY, "run-6")))
        .isEqualTo("run-6");
  }

  @Test
  void theOwnerOfTheUnscopedHistoryIsNeverDeleted() {
    assertThat(RetentionService.neverDeleted(ArtefactKeys.unscopedAreasOwner())).isTrue();
    assertThat(RetentionService.neverDeleted(ArtefactKeys.deliveredRun(ArtefactKeys.HISTORY, "run-6"))).isFalse();
  }

  @Test
  void modelCallAuditEntriesKeepTheAuditClass() {
    RetentionProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(java.util.Map.of()))
        .bindOrCreate("rivalwatch.retention", RetentionProperties.class);
    assertThat(defaults.classOf(ArtefactKeys.deliveredRun(ArtefactKeys.historyArea("sales"), "run-7")))
        .isEqualTo(RetentionProperties.RECORD);
    assertThat(defaults.classOf(ArtefactKeys.modelCallAudit("run-7", "acme", "sentiment", "c-1")))
        .isEqualTo(RetentionProperties.AUDIT);
  }
}
