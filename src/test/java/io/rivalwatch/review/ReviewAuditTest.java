package io.rivalwatch.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.JobKind;
import io.camunda.client.api.search.enums.ListenerEventType;
import io.camunda.client.impl.CamundaObjectMapper;
import io.camunda.client.impl.response.ActivatedJobImpl;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rivalwatch.adapters.file.FileArtefactStore;
import io.rivalwatch.artefact.ArtefactJson;
import io.rivalwatch.audit.AuditAction;
import io.rivalwatch.audit.AuditEntry;
import io.rivalwatch.audit.AuditTrail;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.testsupport.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who decided each review, through the review's two listeners as the workers receive them. The embedded engine cannot
 * complete a Camunda user task (completion is REST-only), so it never creates the completing task listener's job:
 * here that job is built as the Camunda client builds it from the gateway's answer (a gRPC ActivatedJob of kind
 * TASK_LISTENER carrying the user task's properties), and handed to the worker method.
 */
class ReviewAuditTest {

  private static final long ROUND_1 = 2251799813685301L;
  private static final long ROUND_2 = 2251799813685377L;

  @TempDir Path directory;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T09:00:00Z"));
  private AuditTrail trail;
  private ReviewTimingWorkers workers;

  @BeforeEach
  void setUp() {
    FileArtefactStore store = new FileArtefactStore(directory);
    ArtefactJson json = new ArtefactJson(store);
    trail = new AuditTrail(json, store);
    ReviewTimingService timing = new ReviewTimingService(null, null, new RunMetrics(new SimpleMeterRegistry()));
    workers = new ReviewTimingWorkers(timing, new ReviewAudit(json, trail, clock), null);
  }

  /** The job a cluster's gateway hands the review's completing task listener. */
  private static ActivatedJob completingListenerJob(long reviewInstance, String assignee) {
    GatewayOuterClass.UserTaskProperties.Builder task = GatewayOuterClass.UserTaskProperties.newBuilder()
        .setUserTaskKey(reviewInstance + 1).setAction("complete");
    if (assignee != null) {
      task.setAssignee(assignee);
    }
    return new ActivatedJobImpl(new CamundaObjectMapper(), GatewayOuterClass.ActivatedJob.newBuilder()
        .setKey(reviewInstance + 7).setType("rivalwatch-record-reviewer").setElementId("UserTask_ReviewReport")
        .setElementInstanceKey(reviewInstance).setProcessInstanceKey(42).setCustomHeaders("{}")
        .setVariables("{\"runId\":\"run-a\"}").setKind(GatewayOuterClass.ActivatedJob.JobKind.TASK_LISTENER)
        .setListenerEventType(GatewayOuterClass.ActivatedJob.ListenerEventType.COMPLETING).setUserTask(task)
        .build());
  }

  /** The job of the review's end execution listener (both engines). */
  private static ActivatedJob endListenerJob(long reviewInstance) {
    return new ActivatedJobImpl(new CamundaObjectMapper(), GatewayOuterClass.ActivatedJob.newBuilder()
        .setKey(reviewInstance + 9).setType("rivalwatch-record-review-wait").setElementId("UserTask_ReviewReport")
        .setElementInstanceKey(reviewInstance).setProcessInstanceKey(42).setCustomHeaders("{}").setVariables("{}")
        .setKind(GatewayOuterClass.ActivatedJob.JobKind.EXECUTION_LISTENER)
        .setListenerEventType(GatewayOuterClass.ActivatedJob.ListenerEventType.END).build());
  }

  private void decided(long round, String decision, String comments, int revision, String reviewedBy) {
    workers.recordWait(endListenerJob(round), "run-a", decision, "PT2H", comments, revision, reviewedBy);
  }

  @Test
  void onAClusterTheAssigneeKeptByTheCompletingTaskListenerIsTheReviewer_notANameInTheVariables() {
    ActivatedJob listener = completingListenerJob(ROUND_1, "dana@example.com");
    assertThat(listener.getKind()).isEqualTo(JobKind.TASK_LISTENER);
    assertThat(listener.getListenerEventType()).isEqualTo(ListenerEventType.COMPLETING);

    workers.recordReviewer(listener, "run-a");
    clock.advance(Duration.ofSeconds(1));
    // a REST caller may pass any reviewedBy: it is kept beside the assignee, never instead of it
    decided(ROUND_1, "approve", "Fine.", 1, "the-ceo");

    assertThat(trail.entries("run-a")).singleElement().satisfies(entry -> {
      assertThat(entry.action()).isEqualTo(AuditAction.REVIEW_DECIDED);
      assertThat(entry.actor()).isEqualTo("dana@example.com");
      assertThat(entry.at()).isEqualTo(Instant.parse("2026-12-06T09:00:01Z"));
      assertThat(entry.details()).containsEntry("decision", "approve").containsEntry("commentsLength", "5")
          .containsEntry("revision", "1").containsEntry("reviewerFrom", ReviewAudit.FROM_ASSIGNEE)
          .containsEntry("reviewedByVariable", "the-ceo");
      assertThat(entry.describe()).isEqualTo("approved by dana@example.com at 2026-12-06 09:00:01 UTC "
          + "(report revision 1)");
    });
  }

  @Test
  void onTheEmbeddedEngineNoListenerRuns_theCompletersReviewedByNamesTheReviewer() {
    decided(ROUND_1, "request-changes", "Say more about pricing.", 1, "local-run automatic approval");

    assertThat(trail.entries("run-a")).singleElement().satisfies(entry -> {
      assertThat(entry.actor()).isEqualTo("local-run automatic approval");
      assertThat(entry.details()).containsEntry("reviewerFrom", ReviewAudit.FROM_VARIABLE)
          .doesNotContainKey("reviewedByVariable");
    });
  }

  @Test
  void aTaskWithoutAssigneeFallsBackToReviewedBy_andNobodyNamedIsSaidSo() {
    workers.recordReviewer(completingListenerJob(ROUND_1, null), "run-a");
    decided(ROUND_1, "reject", "", 1, "erin");
    decided(ROUND_2, "reject", null, 2, null);

    assertThat(trail.entries("run-a")).extracting(AuditEntry::actor)
        .containsExactly("erin", ReviewAudit.UNNAMED);
  }

  @Test
  void oneEntryPerDecision_requestChangesThenApproveLeavesTwo_andARepeatedListenerJobWritesNothing() {
    workers.recordReviewer(completingListenerJob(ROUND_1, "dana"), "run-a");
    decided(ROUND_1, "request-changes", "More on pricing.", 1, null);
    clock.advance(Duration.ofHours(3));
    // the engine hands the same listener job out again (a worker crashed before completing it)
    decided(ROUND_1, "request-changes", "More on pricing.", 1, null);
    workers.recordReviewer(completingListenerJob(ROUND_2, "frank"), "run-a");
    workers.recordReviewer(completingListenerJob(ROUND_2, "someone-else"), "run-a");
    decided(ROUND_2, "approve", "", 2, null);

    assertThat(trail.entries("run-a")).extracting(AuditEntry::describe).containsExactly(
        "changes requested by dana at 2026-12-06 09:00:00 UTC (report revision 1)",
        "approved by frank at 2026-12-06 12:00:00 UTC (report revision 2)");
  }

  @Test
  void withoutARunIdNothingIsRecorded() {
    workers.recordReviewer(completingListenerJob(ROUND_1, "dana"), null);
    workers.recordWait(endListenerJob(ROUND_1), null, "approve", "PT1H", "", 1, "dana");

    assertThat(trail.entries("run-a")).isEmpty();
  }
}
