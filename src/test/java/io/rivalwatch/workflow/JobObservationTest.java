package io.rivalwatch.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.rivalwatch.observability.RunMetrics;
import io.rivalwatch.observability.RunTraces;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

class JobObservationTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<Object> events = new ArrayList<>();
  private final JobObservation observation = new JobObservation(new RunMetrics(meters),
      new RunTraces(new StaticListableBeanFactory().getBeanProvider(Tracer.class), 1.0), events::add,
      Clock.systemUTC());
  private final JobClient client = mock(JobClient.class, RETURNS_DEEP_STUBS);

  @Test
  void aCompletedJob_isTimedAndPublishedWithTheVariablesItCompletedWith_andItsWorkLogsTheRunContext() throws Exception {
    ActivatedJob job = job(11, JobTypes.GATHER_NEWS, "Task_GatherNews",
        Map.of("runId", "run-1", "competitorId", "acme", "page", "a large value nobody needs"));
    Map<String, String> seenInside = new HashMap<>();

    observation.around((jobClient, activated) -> {
      seenInside.putAll(MDC.getCopyOfContextMap());
      jobClient.newCompleteCommand(activated.getKey()).variables(Map.of("newsStatus", "3 documents")).send();
    }).handle(client, job);

    assertThat(seenInside).containsEntry("runId", "run-1").containsEntry("processInstanceKey", "100")
        .containsEntry("phase", "research").containsEntry("competitorId", "acme")
        .containsEntry("jobType", JobTypes.GATHER_NEWS).containsEntry("elementId", "Task_GatherNews");
    assertThat(MDC.getCopyOfContextMap()).as("nothing stays on the pooled thread").isNullOrEmpty();
    JobFinished finished = (JobFinished) events.getFirst();
    assertThat(finished.outcome()).isEqualTo(JobFinished.COMPLETED);
    assertThat(finished.variables()).isEqualTo(Map.of("newsStatus", "3 documents"));
    assertThat(finished.runId()).isEqualTo("run-1");
    assertThat(finished.competitorId()).isEqualTo("acme");
    assertThat(finished.phase()).isEqualTo(RunPhase.RESEARCH);
    assertThat(finished.took()).isPositive();
    assertThat(jobs(JobTypes.GATHER_NEWS, "research", "completed")).isEqualTo(1);
  }

  @Test
  void aBpmnErrorAndAFailure_areTheCommandsSent() throws Exception {
    ActivatedJob analysis = job(12, JobTypes.ANALYSE_SENTIMENT, "Task_AnalyseSentiment",
        Map.of("runId", "run-1", "competitorId", "acme"));
    ActivatedJob delivery = job(13, JobTypes.DELIVER_SLACK, "Task_DeliverSlack", Map.of("runId", "run-1"));

    observation.around((jobClient, activated) -> jobClient.newThrowErrorCommand(activated.getKey())
        .errorCode("ANALYSIS_FAILED").variable("sentimentStatus", "failed: no text").send()).handle(client, analysis);
    observation.around((jobClient, activated) -> jobClient.newFailCommand(activated.getKey()).retries(2).send())
        .handle(client, delivery);

    assertThat(events).extracting(e -> ((JobFinished) e).outcome())
        .containsExactly(JobFinished.BPMN_ERROR, JobFinished.FAILED);
    assertThat(((JobFinished) events.getFirst()).variables()).containsEntry("sentimentStatus", "failed: no text");
    assertThat(jobs(JobTypes.ANALYSE_SENTIMENT, "analysis", "bpmn_error")).isEqualTo(1);
    assertThat(jobs(JobTypes.DELIVER_SLACK, "distribution", "failed")).isEqualTo(1);
  }

  @Test
  void anExceptionThatEscapesTheHandler_failsTheJob_andLeavesNoContextBehind() {
    ActivatedJob job = job(14, JobTypes.WRITE_REPORT, "Task_WriteReport", Map.of("runId", "run-1"));
    JobHandler broken = (jobClient, activated) -> {
      throw new IllegalStateException("boom");
    };

    assertThatThrownBy(() -> observation.around(broken).handle(client, job)).hasMessage("boom");

    assertThat(((JobFinished) events.getFirst()).outcome()).isEqualTo(JobFinished.FAILED);
    assertThat(jobs(JobTypes.WRITE_REPORT, "synthesis", "failed")).isEqualTo(1);
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aJobItsWorkerKeepsForLater_isNotReportedAsFinished() throws Exception {
    // a worker without auto-complete that answers later (a person deciding on the local review page)
    ActivatedJob review = job(16, "io.camunda.zeebe:userTask", "UserTask_ReviewReport", Map.of("runId", "run-1"));

    observation.around((jobClient, activated) -> { }).handle(client, review);

    assertThat(events).isEmpty();
    assertThat(meters.find("rivalwatch.jobs").timers()).isEmpty();
  }

  @Test
  void aJobBeforePlanning_belongsToTheRunIdPlanRunWillDerive() throws Exception {
    ActivatedJob plan = job(15, JobTypes.PLAN_RUN, "Task_PlanRun", Map.of());

    observation.around((jobClient, activated) -> jobClient.newCompleteCommand(activated.getKey()).send())
        .handle(client, plan);

    assertThat(((JobFinished) events.getFirst()).runId()).isEqualTo(RunIds.of(100));
  }

  @Test
  void aJobOfTheSchedulesDispatcher_isMeasuredButIsNoRun() throws Exception {
    ActivatedJob tick = job(ProcessIds.WATCH_LIST_SCHEDULE, 17, JobTypes.FIND_DUE_WATCH_LISTS,
        "Task_FindDueWatchLists", Map.of());
    Map<String, String> seenInside = new HashMap<>();

    observation.around((jobClient, activated) -> {
      seenInside.putAll(MDC.getCopyOfContextMap());
      jobClient.newCompleteCommand(activated.getKey()).send();
    }).handle(client, tick);

    assertThat(events).as("progress would take it for a run").isEmpty();
    assertThat(seenInside).containsEntry("runId", "watch-list-schedule-100").containsEntry("phase", "schedule");
    assertThat(jobs(JobTypes.FIND_DUE_WATCH_LISTS, "schedule", "completed")).isEqualTo(1);
  }

  @Test
  void aListenerThatFails_doesNotChangeWhatHappensToTheJob() {
    JobObservation failingListeners = new JobObservation(new RunMetrics(meters),
        new RunTraces(new StaticListableBeanFactory().getBeanProvider(Tracer.class), 1.0), event -> {
          throw new IllegalStateException("listener broke");
        }, Clock.systemUTC());
    ActivatedJob job = job(16, JobTypes.PLAN_RUN, "Task_PlanRun", Map.of("runId", "run-2"));

    assertThatCode(() -> failingListeners.around((jobClient, activated) ->
        jobClient.newCompleteCommand(activated.getKey()).send()).handle(client, job)).doesNotThrowAnyException();
    assertThat(jobs(JobTypes.PLAN_RUN, "planning", "completed")).isEqualTo(1);
  }

  private long jobs(String type, String phase, String outcome) {
    var timer = meters.find("rivalwatch.jobs").tags("job_type", type, "phase", phase, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  private static ActivatedJob job(long key, String type, String elementId, Map<String, Object> variables) {
    return job(ProcessIds.COMPETITIVE_INTELLIGENCE, key, type, elementId, variables);
  }

  private static ActivatedJob job(String processId, long key, String type, String elementId,
      Map<String, Object> variables) {
    return (ActivatedJob) Proxy.newProxyInstance(ActivatedJob.class.getClassLoader(),
        new Class<?>[] {ActivatedJob.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getKey" -> key;
          case "getType" -> type;
          case "getElementId" -> elementId;
          case "getProcessInstanceKey" -> 100L;
          case "getBpmnProcessId" -> processId;
          case "getVariablesAsMap" -> variables;
          case "toString" -> "job " + key;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
